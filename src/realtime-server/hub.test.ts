import { Hub, type Peer } from "./hub";
import type { PreparedFrame } from "./prepared-frame";

/** A peer that records what the hub asks of it. */
class FakePeer implements Peer {
  readonly sent: string[] = [];
  shutWith: { code: number; reason: string } | undefined;
  destroyed = false;
  lastActivityAt = Date.now();
  signedInUserId: string | undefined;

  constructor(readonly socketId: string) {}

  send(frame: string): void {
    this.sent.push(frame);
  }
  deliver(frame: PreparedFrame): void {
    this.sent.push(frame.text);
  }
  shut(code: number, reason: string): void {
    this.shutWith = { code, reason };
  }
  destroy(): void {
    this.destroyed = true;
  }
  events(): string[] {
    return this.sent.map((frame) => (JSON.parse(frame) as { event: string }).event);
  }
}

const member = (userId: string) => ({ userId, userInfo: undefined });

describe("Hub lifecycle", () => {
  let hub: Hub;
  beforeEach(() => {
    vi.useFakeTimers();
    hub = new Hub({ activityTimeoutMs: 1_000, pongTimeoutMs: 500, handshakeTimeoutMs: 300, closeGraceMs: 200 });
  });
  afterEach(() => {
    hub.stop();
    vi.useRealTimers();
  });

  it("disconnect is the one way out: it leaves presence (others see member_removed) and asks the peer to close once", () => {
    const stay = new FakePeer("1.1");
    const leave = new FakePeer("2.2");
    hub.open(stay);
    hub.open(leave);
    hub.subscribe(stay, "presence-x", member("a"));
    hub.subscribe(leave, "presence-x", member("b"));

    expect(hub.disconnect(leave, { code: 4009, reason: "bye" })).toBe(true);
    expect(hub.disconnect(leave, { code: 4009, reason: "again" })).toBe(false);
    hub.closed(leave);
    expect(leave.shutWith).toEqual({ code: 4009, reason: "bye" });
    expect(stay.events()).toEqual(["pusher_internal:subscription_succeeded", "pusher_internal:member_added", "pusher_internal:member_removed"]);
    expect(hub.registry.presence("presence-x").ids).toEqual(["a"]);
  });

  it("refuses every action of a peer it no longer holds: subscribe, unsubscribe, client events", () => {
    const listener = new FakePeer("1.1");
    const gone = new FakePeer("2.2");
    hub.open(listener);
    hub.open(gone);
    hub.subscribe(listener, "private-x");
    hub.subscribe(gone, "private-x");
    hub.disconnect(gone, { code: 4009, reason: "bye" });

    expect(hub.subscribe(gone, "presence-y", member("ghost"))).toEqual({ ok: false, reason: "closed" });
    expect(hub.registry.presence("presence-y").count).toBe(0);
    expect(hub.publish({ channel: "private-x", event: "client-e", data: "{}", exceptSocketId: gone.socketId }, gone)).toBe(0);
    expect(listener.events()).not.toContain("client-e");
    expect(hub.stats()).toMatchObject({ connections: 1, subscriptions: 1 });
  });

  it("refuses a different peer object that reuses a socket id it holds", () => {
    const real = new FakePeer("1.1");
    hub.open(real);
    expect(hub.isOpen(new FakePeer("1.1"))).toBe(false);
  });

  it("pings a peer silent for the activity timeout and reaps it (4201) when the pong timeout passes without an answer", () => {
    const peer = new FakePeer("1.1");
    hub.open(peer);
    vi.advanceTimersByTime(999);
    expect(peer.events()).toEqual([]);
    vi.advanceTimersByTime(250);
    expect(peer.events()).toEqual(["pusher:ping"]);
    vi.advanceTimersByTime(500);
    expect(peer.shutWith?.code).toBe(4201);
    expect(hub.isOpen(peer)).toBe(false);
    expect(hub.stats().errorsByKind.timeout).toBe(1);
  });

  it("keeps a peer that answers the ping", () => {
    const peer = new FakePeer("1.1");
    hub.open(peer);
    vi.advanceTimersByTime(1_250);
    expect(peer.events()).toEqual(["pusher:ping"]);
    peer.lastActivityAt = Date.now();
    vi.advanceTimersByTime(900);
    expect(hub.isOpen(peer)).toBe(true);
    expect(peer.shutWith).toBeUndefined();
  });

  it("cuts a closing peer whose close handshake does not finish within the grace", () => {
    const peer = new FakePeer("1.1");
    hub.open(peer);
    hub.disconnect(peer, { code: 4100, reason: "flood" });
    vi.advanceTimersByTime(150);
    expect(peer.destroyed).toBe(false);
    vi.advanceTimersByTime(200);
    expect(peer.destroyed).toBe(true);
  });

  it("does not cut a peer whose socket closed in time", () => {
    const peer = new FakePeer("1.1");
    hub.open(peer);
    hub.disconnect(peer, { code: 4100, reason: "flood" });
    hub.closed(peer);
    vi.advanceTimersByTime(1_000);
    expect(peer.destroyed).toBe(false);
  });

  it("destroys a socket that does not finish its handshake in time, and not one that did", () => {
    const stuck = { destroy: vi.fn() };
    const done = { destroy: vi.fn() };
    hub.watchHandshake(stuck);
    hub.watchHandshake(done);
    hub.handshakeDone(done);
    vi.advanceTimersByTime(250);
    expect(stuck.destroy).not.toHaveBeenCalled();
    vi.advanceTimersByTime(150);
    expect(stuck.destroy).toHaveBeenCalledTimes(1);
    expect(done.destroy).not.toHaveBeenCalled();
  });

  it("terminate sends pusher:error with the code, then closes with it", () => {
    const peer = new FakePeer("1.1");
    hub.open(peer);
    hub.terminate(peer, 4009, "nope");
    expect(peer.sent.map((frame) => JSON.parse(frame) as unknown)).toEqual([{ event: "pusher:error", data: '{"code":4009,"message":"nope"}' }]);
    expect(peer.shutWith).toEqual({ code: 4009, reason: "nope" });
  });

  it("disconnectAll closes every peer with the code (shutdown)", () => {
    const peers = [new FakePeer("1.1"), new FakePeer("2.2")];
    for (const peer of peers) hub.open(peer);
    expect(hub.disconnectAll(4200, "restart")).toBe(2);
    expect(peers.map((peer) => peer.shutWith?.code)).toEqual([4200, 4200]);
    expect(hub.stats().connections).toBe(0);
  });
});
