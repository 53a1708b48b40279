/**
 * One client WebSocket: turns frames into hub actions and applies the
 * per-connection budgets (all frames, client events) and back-pressure. The
 * hub owns its life: this class never removes itself, it asks the hub to
 * disconnect it, and once shut it is inert — a frame already queued when it
 * closed is dropped, never acted on. Nothing a client sends can throw out
 * of here: bad frames get `pusher:error`.
 */
import type { RawData } from "ws";
import { z } from "zod";
import { decodeClientFrame, encodeFrame, errorFrame, type ClientFrame, subscriptionErrorFrame } from "./frames";
import type { Hub, Peer } from "./hub";
import { FULL_BUDGET, InboundBudget } from "./inbound-budget";
import type { ErrorKind } from "./metrics";
import { classifyChannel, CloseCode, ErrorCode, isDataWithinLimit, Limits } from "./protocol";
import { RateLimiter } from "./rate-limit";
import { verifyUserAuth } from "./signature";
import { checkSubscription } from "./subscription";
import type { PeerSocket, SocketEvents } from "./peer-socket";
import { PreparedFrame } from "./prepared-frame";

export interface ConnectionOptions {
  key: string;
  secret: string;
  /** Sent in `connection_established` (the hub pings a client silent this long). */
  activityTimeoutSeconds: number;
  log: (line: string) => void;
}

/** `WebSocket.OPEN`. */
const OPEN = 1;

/** The one private member of ws used: its sender's frame writer (what Socket.IO's broadcast calls too). */
interface WsInternals {
  _sender: { sendFrame(list: readonly Buffer[], callback: undefined): void };
}

/** The inbound frame budget every connection spends from; each keeps only its state (one number). */
const INBOUND_BUDGET = new InboundBudget({ ratePerSecond: Limits.INBOUND_FRAMES_PER_SECOND, burst: Limits.INBOUND_FRAMES_BURST });

const userDataSchema = z.object({ id: z.string().min(1).max(Limits.USER_ID_MAX) });

/** `open` until the hub disconnects it (`closing`) or the socket closes (`closed`). */
type ConnectionState = "open" | "closing" | "closed";

export class Connection implements Peer, SocketEvents {
  readonly socketId: string;
  #signedInUserId: string | undefined;
  #state: ConnectionState = "open";
  #lastActivityAt: number;
  readonly #ws: PeerSocket;
  readonly #hub: Hub;
  readonly #options: ConnectionOptions;
  /** This connection's state in INBOUND_BUDGET. */
  #inbound = FULL_BUDGET;
  #clientEvents: RateLimiter | undefined;

  /** Opens the connection in the hub, takes the socket's events and sends `pusher:connection_established`. */
  constructor(ws: PeerSocket, hub: Hub, options: ConnectionOptions) {
    this.#ws = ws;
    this.#hub = hub;
    this.#options = options;
    this.#lastActivityAt = hub.now();
    this.socketId = hub.newSocketId();
    hub.open(this);
    ws.adopt(this);

    this.send(
      encodeFrame({
        event: "pusher:connection_established",
        data: { socket_id: this.socketId, activity_timeout: options.activityTimeoutSeconds },
      }),
    );
  }

  /** Socket only: a message frame, acted on while open. */
  socketMessage(data: RawData, isBinary: boolean): void {
    if (this.#state !== "open") return;
    try {
      this.#onMessage(data, isBinary);
    } catch (error) {
      // Only a bug gets here (frames are validated); log it (rate-limited) and keep serving.
      this.#options.log(`realtime: socket ${this.socketId} frame failed: ${error instanceof Error ? error.stack : String(error)}`);
      this.#fail("protocol", errorFrame(ErrorCode.INVALID_MESSAGE, "Frame could not be processed"));
    }
  }

  /** Socket only: a WebSocket-level ping or pong is a sign of life too. */
  socketActivity(): void {
    this.#touch();
  }

  /** Socket only: ws closes the socket after an error; this only logs it. */
  socketError(error: Error): void {
    this.#options.log(`realtime: socket ${this.socketId} error: ${error.message}`);
  }

  /** Socket only: the socket closed; the hub lets the connection go. */
  socketClosed(): void {
    if (this.#state === "closed") return;
    this.#state = "closed";
    this.#hub.closed(this);
  }

  get signedInUserId(): string | undefined {
    return this.#signedInUserId;
  }

  get lastActivityAt(): number {
    return this.#lastActivityAt;
  }

  /** Sends a frame while open, as its wire bytes in one write (the path broadcasts take); has the hub close the connection (4100) when the client has stopped reading. */
  send(frame: string): void {
    this.deliver(new PreparedFrame(frame));
  }

  /**
   * Writes a broadcast's prepared wire bytes through ws's sender, as
   * Socket.IO's broadcast does: no framing, copy or callback per socket.
   * Safe because the sender never queues here (no compression, no blobs:
   * its queue only holds frames waiting on those).
   */
  deliver(frame: PreparedFrame): void {
    if (!this.#mayWrite() || this.#ws.readyState !== OPEN) return;
    (this.#ws as unknown as WsInternals)._sender.sendFrame(frame.chunks, undefined);
    this.#hub.metrics.countOut();
  }

  /** Open and reading: true; a client that stopped reading is disconnected (4100). */
  #mayWrite(): boolean {
    if (this.#state !== "open") return false;
    if (this.#ws.bufferedAmount <= Limits.SEND_BUFFER_MAX_BYTES) return true;
    this.#hub.metrics.countError("slow_client");
    this.#hub.disconnect(this, { code: CloseCode.OVER_CAPACITY, reason: "Over capacity: client is not reading" });
    return false;
  }

  /** Hub only: becomes inert and starts the closing handshake. */
  shut(code: number, reason: string): void {
    if (this.#state !== "open") return;
    this.#state = "closing";
    this.#ws.close(code, reason.slice(0, 120));
  }

  /** Hub only: cuts a socket whose closing handshake did not finish. */
  destroy(): void {
    this.#ws.terminate();
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    this.#touch();
    this.#hub.metrics.countIn();
    // The budget comes before any parsing: a flood costs a subtraction per frame, then nothing.
    // A monotonic clock: a wall clock set back would read as a burst and close every client that speaks.
    const inbound = INBOUND_BUDGET.take(this.#inbound, performance.now());
    if (inbound === undefined) {
      this.#hub.metrics.countError("flood");
      // Stop reading at once: what the abuser already sent stays unread, and
      // the close handshake cannot finish, so the hub cuts the socket after
      // its close grace. 4100 (over capacity) rather than 4301: codes ≥ 4300
      // travel only inside pusher:error, and 4100–4199 makes pusher-js
      // reconnect with backoff — a buggy real client recovers, a flood slows.
      this.#ws.pause();
      const limit = Limits.INBOUND_FRAMES_PER_SECOND;
      this.#hub.terminate(this, CloseCode.OVER_CAPACITY, `Over capacity: more than ${limit} frames per second`);
      return;
    }
    this.#inbound = inbound;
    if (isBinary) {
      this.#fail("protocol", errorFrame(ErrorCode.INVALID_MESSAGE, "Binary frames are not supported"));
      return;
    }
    const decoded = decodeClientFrame(rawToString(data));
    if (!decoded.ok) {
      this.#fail("protocol", errorFrame(decoded.error.code, decoded.error.message));
      return;
    }
    this.#handle(decoded.frame);
  }

  #handle(frame: ClientFrame): void {
    switch (frame.type) {
      case "ping":
        this.send(encodeFrame({ event: "pusher:pong", data: {} }));
        return;
      case "pong":
        return;
      case "subscribe":
        this.#subscribe(frame);
        return;
      case "unsubscribe":
        this.#hub.unsubscribe(this, frame.channel);
        return;
      case "signin":
        this.#signin(frame.auth, frame.userData);
        return;
      case "client-event":
        this.#clientEvent(frame);
        return;
    }
  }

  #subscribe(frame: Extract<ClientFrame, { type: "subscribe" }>): void {
    const { channel } = frame;
    const check = checkSubscription({
      key: this.#options.key,
      secret: this.#options.secret,
      socketId: this.socketId,
      channel,
      auth: frame.auth,
      channelData: frame.channelData,
      signedInUserId: this.#signedInUserId,
    });
    if (!check.ok) {
      this.#fail(check.failure.type === "AuthError" ? "auth" : "subscription", subscriptionErrorFrame(channel, check.failure));
      return;
    }
    const joined = this.#hub.subscribe(this, channel, check.member);
    if (joined.ok || joined.reason === "closed") return;
    const error =
      joined.reason === "member-limit"
        ? `Presence channel is full (${Limits.PRESENCE_MEMBERS_MAX} members)`
        : `Too many channels on one connection (${Limits.CHANNELS_PER_CONNECTION})`;
    this.#fail("subscription", subscriptionErrorFrame(channel, { type: "LimitReached", error, status: 403 }));
  }

  /** User sign-in; a forged signature closes the connection with 4009, as hosted Pusher does. */
  #signin(auth: string, userData: string): void {
    const { key, secret } = this.#options;
    if (!verifyUserAuth(key, secret, { socketId: this.socketId, auth, userData })) {
      this.#hub.metrics.countError("auth");
      this.#hub.terminate(this, CloseCode.UNAUTHORIZED, "Invalid signature for pusher:signin");
      return;
    }
    const parsed = userDataSchema.safeParse(parseJson(userData));
    if (!parsed.success) {
      this.#hub.metrics.countError("auth");
      this.#hub.terminate(this, CloseCode.UNAUTHORIZED, "user_data needs an id string of 1 to 128 characters");
      return;
    }
    if (this.#signedInUserId !== undefined && this.#signedInUserId !== parsed.data.id) {
      this.#hub.unsubscribe(this, `#server-to-user-${this.#signedInUserId}`);
    }
    this.#signedInUserId = parsed.data.id;
    this.send(encodeFrame({ event: "pusher:signin_success", data: { user_data: userData } }));
  }

  #clientEvent(frame: Extract<ClientFrame, { type: "client-event" }>): void {
    const { channel, event, data } = frame;
    const { kind } = classifyChannel(channel);
    const reject = (code: number, message: string) => this.#fail("protocol", errorFrame(code, message));
    if (kind !== "private" && kind !== "presence") {
      return reject(ErrorCode.CLIENT_EVENT_REJECTED, "Client events are only allowed on private and presence channels");
    }
    if (!this.#hub.registry.isSubscribed(channel, this.socketId)) {
      return reject(ErrorCode.CLIENT_EVENT_REJECTED, `Not subscribed to ${channel}`);
    }
    if (!isDataWithinLimit(data)) return reject(ErrorCode.CLIENT_EVENT_REJECTED, `Client event data larger than ${Limits.DATA_MAX_BYTES} bytes`);
    this.#clientEvents ??= new RateLimiter({ limit: Limits.CLIENT_EVENTS_PER_SECOND, windowMs: 1000 });
    if (!this.#clientEvents.tryTake()) {
      return reject(ErrorCode.CLIENT_EVENT_RATE_LIMIT, "Client event rejected: more than 10 per second");
    }
    const userId = kind === "presence" ? this.#hub.registry.userOf(channel, this.socketId) : undefined;
    this.#hub.publish({ channel, event, data, exceptSocketId: this.socketId, userId }, this);
  }

  /** Sends an error frame and counts the failure. */
  #fail(kind: ErrorKind, frame: string): void {
    this.#hub.metrics.countError(kind);
    this.send(frame);
  }

  /** Any sign of life stamps the time; the hub's sweep reads it (no timer work per frame). */
  #touch(): void {
    this.#lastActivityAt = this.#hub.now();
  }
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8");
  return data.toString("utf8");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
