/**
 * The client side of each rival's wire protocol, kept to what the bench
 * needs: the handshake up to "listening on the bench channel", pings, and
 * pulling the data string out of a delivered frame. The same raw `ws`
 * client runs all three, so client cost stays equal across rivals.
 */
import { BENCH_APP, BENCH_CHANNEL, BENCH_EVENT, type RivalKind } from "./constants";

export interface ClientProtocol {
  /** Request path of the WebSocket URL. */
  readonly path: string;
  /** True when the client can receive broadcasts as soon as the socket opens (no handshake frames). */
  readonly readyOnOpen: boolean;
  /** Called for every frame until it returns true (ready to receive broadcasts). */
  handshake(text: string, send: (text: string) => void): boolean;
  /** The broadcast's data string, or undefined for a control frame (answered through `send`). */
  payload(text: string, send: (text: string) => void): string | undefined;
}

interface PusherFrame {
  event?: string;
  channel?: string;
  data?: unknown;
}

/** Pusher protocol 7 for app `key`: `connection_established`, then subscribe to `channel`; payloads are `event`'s data. */
export function pusherProtocol(key: string, channel: string, event: string): ClientProtocol {
  return {
    path: `/app/${key}?protocol=7&client=bench&version=1.0`,
    readyOnOpen: false,
    handshake(text, send) {
      const frame = JSON.parse(text) as PusherFrame;
      if (frame.event === "pusher:connection_established") {
        send(JSON.stringify({ event: "pusher:subscribe", data: { channel } }));
        return false;
      }
      if (frame.event === "pusher:error" || frame.event === "pusher:subscription_error") throw new Error(`refused: ${text}`);
      return frame.event === "pusher_internal:subscription_succeeded";
    },
    payload(text, send) {
      const frame = JSON.parse(text) as PusherFrame;
      if (frame.event === event && typeof frame.data === "string") return frame.data;
      if (frame.event === "pusher:ping") send('{"event":"pusher:pong","data":{}}');
      return undefined;
    },
  };
}

/** The bench channel on the bench's embedded server. */
const pusher = pusherProtocol(BENCH_APP.key, BENCH_CHANNEL, BENCH_EVENT);

/** Engine.IO 4 over WebSocket: open packet `0`, namespace connect `40`, events `42[name, data]`, ping `2` → pong `3`. */
const socketIo: ClientProtocol = {
  path: "/socket.io/?EIO=4&transport=websocket",
  readyOnOpen: false,
  handshake(text, send) {
    if (text.startsWith("0")) {
      send("40");
      return false;
    }
    if (text.startsWith("44")) throw new Error(`refused: ${text}`);
    return text.startsWith("40");
  },
  payload(text, send) {
    if (text.startsWith("42")) {
      const [name, data] = JSON.parse(text.slice(2)) as [string, unknown];
      return name === BENCH_EVENT && typeof data === "string" ? data : undefined;
    }
    if (text === "2") send("3");
    return undefined;
  },
};

/** Bare ws: every text frame is a broadcast's data. */
const bare: ClientProtocol = {
  path: "/",
  readyOnOpen: true,
  handshake: () => true,
  payload: (text) => text,
};

export const PROTOCOLS: Record<RivalKind, ClientProtocol> = { embedded: pusher, socketio: socketIo, ws: bare };
