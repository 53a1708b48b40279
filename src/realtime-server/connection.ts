/**
 * One client WebSocket: turns frames into hub actions and owns the socket's
 * timers (activity ping, pong deadline) and back-pressure. Nothing a client
 * sends can throw out of here: bad frames get `pusher:error`.
 */
import type { RawData, WebSocket } from "ws";
import { z } from "zod";
import { decodeClientFrame, encodeFrame, errorFrame, type ClientFrame, subscriptionErrorFrame } from "./frames";
import type { Hub, Peer } from "./hub";
import type { ErrorKind } from "./metrics";
import { classifyChannel, CloseCode, ErrorCode, isDataWithinLimit, Limits } from "./protocol";
import { RateLimiter } from "./rate-limit";
import { verifyUserAuth } from "./signature";
import { checkSubscription } from "./subscription";

export interface ConnectionOptions {
  key: string;
  secret: string;
  /** Sent in `connection_established`; silence this long earns a `pusher:ping`. */
  activityTimeoutSeconds: number;
  /** After the server's ping, how long a client has to answer before 4201. */
  pongTimeoutMs: number;
  log: (line: string) => void;
}

const OPEN = 1;
const userDataSchema = z.object({ id: z.string().min(1).max(Limits.USER_ID_MAX) });

export class Connection implements Peer {
  readonly socketId: string;
  #signedInUserId: string | undefined;
  readonly #ws: WebSocket;
  readonly #hub: Hub;
  readonly #options: ConnectionOptions;
  readonly #activityMs: number;
  #lastActivity = Date.now();
  #idleTimer: NodeJS.Timeout | undefined;
  #pongTimer: NodeJS.Timeout | undefined;
  #clientEvents: RateLimiter | undefined;

  /** Registers the socket with the hub and sends `pusher:connection_established`. */
  constructor(ws: WebSocket, hub: Hub, options: ConnectionOptions) {
    this.#ws = ws;
    this.#hub = hub;
    this.#options = options;
    this.#activityMs = options.activityTimeoutSeconds * 1000;
    this.socketId = hub.newSocketId();
    hub.add(this);

    ws.on("message", (data, isBinary) => {
      try {
        this.#onMessage(data, isBinary);
      } catch (error) {
        // Only a bug gets here (frames are validated); log it and keep serving.
        options.log(`realtime: socket ${this.socketId} frame failed: ${error instanceof Error ? error.stack : String(error)}`);
        this.#fail("protocol", errorFrame(ErrorCode.INVALID_MESSAGE, "Frame could not be processed"));
      }
    });
    ws.on("ping", () => this.#onActivity());
    ws.on("pong", () => this.#onActivity());
    ws.on("error", (error) => options.log(`realtime: socket ${this.socketId} error: ${error.message}`));
    ws.once("close", () => this.#onClose());

    this.send(
      encodeFrame({
        event: "pusher:connection_established",
        data: { socket_id: this.socketId, activity_timeout: options.activityTimeoutSeconds },
      }),
    );
    this.#scheduleIdleCheck(this.#activityMs);
  }

  get signedInUserId(): string | undefined {
    return this.#signedInUserId;
  }

  /** Sends a frame, or closes with 4100 when the client has stopped reading. */
  send(frame: string): void {
    if (this.#ws.readyState !== OPEN) return;
    if (this.#ws.bufferedAmount > Limits.SEND_BUFFER_MAX_BYTES) {
      this.#hub.metrics.countError("slow_client");
      this.close(CloseCode.OVER_CAPACITY, "Over capacity: client is not reading");
      return;
    }
    this.#ws.send(frame);
    this.#hub.metrics.countOut();
  }

  terminate(code: number, message: string): void {
    this.send(errorFrame(code, message));
    this.close(code, message);
  }

  /**
   * Starts the closing handshake and leaves the hub at once: a closing
   * connection gets no more events and no longer counts as present, even if
   * the client is slow to answer the close.
   */
  close(code: number, reason: string): void {
    if (this.#ws.readyState !== OPEN) return;
    this.#ws.close(code, reason.slice(0, 120));
    this.#hub.remove(this.socketId);
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    this.#onActivity();
    this.#hub.metrics.countIn();
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
    if (!joined.ok) {
      const error =
        joined.reason === "member-limit"
          ? `Presence channel is full (${Limits.PRESENCE_MEMBERS_MAX} members)`
          : `Too many channels on one connection (${Limits.CHANNELS_PER_CONNECTION})`;
      this.#fail("subscription", subscriptionErrorFrame(channel, { type: "LimitReached", error, status: 403 }));
    }
  }

  /** User sign-in; a forged signature closes the connection with 4009, as hosted Pusher does. */
  #signin(auth: string, userData: string): void {
    const { key, secret } = this.#options;
    if (!verifyUserAuth(key, secret, { socketId: this.socketId, auth, userData })) {
      this.#hub.metrics.countError("auth");
      this.terminate(CloseCode.UNAUTHORIZED, "Invalid signature for pusher:signin");
      return;
    }
    const parsed = userDataSchema.safeParse(parseJson(userData));
    if (!parsed.success) {
      this.#hub.metrics.countError("auth");
      this.terminate(CloseCode.UNAUTHORIZED, "user_data needs an id string of 1 to 128 characters");
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
    if (!isDataWithinLimit(data)) return reject(ErrorCode.CLIENT_EVENT_REJECTED, "Client event data larger than 10 KB");
    this.#clientEvents ??= new RateLimiter({ limit: Limits.CLIENT_EVENTS_PER_SECOND, windowMs: 1000 });
    if (!this.#clientEvents.tryTake()) {
      return reject(ErrorCode.CLIENT_EVENT_RATE_LIMIT, "Client event rejected: more than 10 per second");
    }
    const userId = kind === "presence" ? this.#hub.registry.userOf(channel, this.socketId) : undefined;
    this.#hub.publish({ channel, event, data, exceptSocketId: this.socketId, userId });
  }

  /** Sends an error frame and counts the failure. */
  #fail(kind: ErrorKind, frame: string): void {
    this.#hub.metrics.countError(kind);
    this.send(frame);
  }

  #onActivity(): void {
    this.#lastActivity = Date.now();
    if (this.#pongTimer === undefined) return;
    clearTimeout(this.#pongTimer);
    this.#pongTimer = undefined;
    this.#scheduleIdleCheck(this.#activityMs);
  }

  // One timer per socket, re-armed lazily: activity only stamps a time, so a
  // busy socket costs no timer work per frame.
  #scheduleIdleCheck(delayMs: number): void {
    this.#idleTimer = setTimeout(() => this.#checkIdle(), delayMs);
    this.#idleTimer.unref();
  }

  #checkIdle(): void {
    this.#idleTimer = undefined;
    const idle = Date.now() - this.#lastActivity;
    if (idle < this.#activityMs) {
      this.#scheduleIdleCheck(this.#activityMs - idle);
      return;
    }
    this.send(encodeFrame({ event: "pusher:ping", data: {} }));
    this.#pongTimer = setTimeout(() => this.close(CloseCode.PONG_NOT_RECEIVED, "Pong reply not received"), this.#options.pongTimeoutMs);
    this.#pongTimer.unref();
  }

  #onClose(): void {
    clearTimeout(this.#idleTimer);
    clearTimeout(this.#pongTimer);
    this.#idleTimer = undefined;
    this.#pongTimer = undefined;
    this.#hub.remove(this.socketId);
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
