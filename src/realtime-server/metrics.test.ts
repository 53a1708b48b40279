import { ChannelRegistry } from "./channels";
import { ServerMetrics, type Occupancy } from "./metrics";

describe("ServerMetrics", () => {
  let now = 0;
  let occupancy: Occupancy;
  const metrics = () => new ServerMetrics({ occupancy: () => occupancy, now: () => now });
  beforeEach(() => {
    now = 1_700_000_000_000;
    occupancy = { connections: 0, peakConnections: 0, channels: 0, subscriptions: 0 };
  });

  it("starts at zero with every error kind present", () => {
    expect(metrics().snapshot()).toEqual({
      connections: 0,
      peakConnections: 0,
      channels: 0,
      subscriptions: 0,
      messagesIn: 0,
      messagesOut: 0,
      restEvents: 0,
      apiCalls: 0,
      errors: 0,
      errorsByKind: { protocol: 0, handshake: 0, auth: 0, subscription: 0, slow_client: 0, flood: 0, timeout: 0, rest_4xx: 0, rest_5xx: 0 },
      uptimeSeconds: 0,
    });
  });

  it("moves its counters and reads occupancy live", () => {
    const m = metrics();
    m.countIn();
    m.countOut();
    m.countOut();
    m.countRestEvents(3);
    m.countError("protocol");
    m.countError("auth");
    occupancy = { connections: 2, peakConnections: 5, channels: 1, subscriptions: 2 };
    now += 61_900;
    expect(m.snapshot()).toMatchObject({
      connections: 2,
      peakConnections: 5,
      channels: 1,
      subscriptions: 2,
      messagesIn: 1,
      messagesOut: 2,
      restEvents: 3,
      errors: 2,
      errorsByKind: { protocol: 1, auth: 1, handshake: 0 },
      uptimeSeconds: 61,
    });
  });

  it("counts every API call and a 4xx or 5xx as an error too, but not a 200 or 399", () => {
    const m = metrics();
    m.countApiCall("events", 200);
    m.countApiCall("events", 399);
    m.countApiCall("events", 400);
    m.countApiCall("stats", 401);
    m.countApiCall("channels", 499);
    m.countApiCall("unknown", 500);
    const stats = m.snapshot();
    expect(stats.apiCalls).toBe(6);
    expect(stats.errorsByKind).toMatchObject({ rest_4xx: 3, rest_5xx: 1 });
    expect(stats.errors).toBe(4);
  });

  it("hands out a snapshot that later counting does not change", () => {
    const m = metrics();
    const before = m.snapshot();
    m.countError("handshake");
    expect(before.errorsByKind.handshake).toBe(0);
    expect(m.snapshot().errorsByKind.handshake).toBe(1);
  });

  describe("prometheus()", () => {
    it("exposes every metric by name with the registry's content type", async () => {
      const m = metrics();
      const { contentType, body } = await m.prometheus();
      expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
      for (const name of [
        "coachpro_realtime_connections",
        "coachpro_realtime_connections_peak",
        "coachpro_realtime_channels",
        "coachpro_realtime_subscriptions",
        "coachpro_realtime_messages_in_total",
        "coachpro_realtime_messages_out_total",
        "coachpro_realtime_rest_events_total",
        "coachpro_realtime_api_calls_total",
        "coachpro_realtime_errors_total",
        "coachpro_realtime_start_time_seconds",
      ]) {
        expect(body).toContain(`# TYPE ${name} `);
      }
      expect(body).not.toContain("process_cpu");
    });

    it("shows the current values on every scrape, counters never counted twice", async () => {
      const m = metrics();
      occupancy = { connections: 2, peakConnections: 3, channels: 4, subscriptions: 5 };
      m.countIn();
      m.countApiCall("events", 200);
      m.countApiCall("events", 200);
      m.countApiCall("stats", 401);
      await m.prometheus();
      m.countOut();
      const { body } = await m.prometheus();
      expect(body).toMatch(/^coachpro_realtime_connections 2$/m);
      expect(body).toMatch(/^coachpro_realtime_connections_peak 3$/m);
      expect(body).toMatch(/^coachpro_realtime_channels 4$/m);
      expect(body).toMatch(/^coachpro_realtime_subscriptions 5$/m);
      expect(body).toMatch(/^coachpro_realtime_messages_in_total 1$/m);
      expect(body).toMatch(/^coachpro_realtime_messages_out_total 1$/m);
      expect(body).toContain('coachpro_realtime_api_calls_total{endpoint="events",status="200"} 2');
      expect(body).toContain('coachpro_realtime_api_calls_total{endpoint="stats",status="401"} 1');
      expect(body).toContain('coachpro_realtime_errors_total{kind="rest_4xx"} 1');
      expect(body).toContain('coachpro_realtime_errors_total{kind="slow_client"} 0');
    });

    it("keeps two servers' numbers apart (a registry each, not the global one)", async () => {
      const first = metrics();
      const second = metrics();
      first.countIn();
      expect((await first.prometheus()).body).toMatch(/^coachpro_realtime_messages_in_total 1$/m);
      expect((await second.prometheus()).body).toMatch(/^coachpro_realtime_messages_in_total 0$/m);
    });

    it("adds process metrics only when asked", async () => {
      const m = new ServerMetrics({ occupancy: () => occupancy, processMetrics: true });
      expect((await m.prometheus()).body).toContain("process_cpu_user_seconds_total");
    });
  });
});

describe("ChannelRegistry.subscriptionTotal", () => {
  it("counts memberships across sockets and drops them on leave and leaveAll", () => {
    const registry = new ChannelRegistry();
    registry.join("a", "1.1");
    registry.join("b", "1.1");
    registry.join("a", "2.2");
    registry.join("a", "2.2");
    expect(registry.subscriptionTotal).toBe(3);
    registry.leave("a", "1.1");
    registry.leave("a", "1.1");
    expect(registry.subscriptionTotal).toBe(2);
    registry.leaveAll("2.2");
    expect(registry.subscriptionTotal).toBe(1);
  });

  it("does not count a refused join", () => {
    const registry = new ChannelRegistry({ channelsPerConnection: 1 });
    registry.join("a", "1.1");
    expect(registry.join("b", "1.1")).toEqual({ ok: false, reason: "channel-limit" });
    expect(registry.subscriptionTotal).toBe(1);
  });
});
