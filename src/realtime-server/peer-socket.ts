/**
 * The WebSocket class the server's `WebSocketServer` creates (its
 * `WebSocket` option). Once a connection adopts it, the socket hands its
 * events straight to that connection: no listener, closure or map entry per
 * socket — on 10,000 idle connections those cost more than the rest of a
 * connection's own state. Events nobody adopted go out as usual.
 */
import { WebSocket, type RawData } from "ws";

/** What a socket reports to the connection that owns it. */
export interface SocketEvents {
  /** A complete message frame. */
  socketMessage(data: RawData, isBinary: boolean): void;
  /** A WebSocket-level ping or pong arrived (ws has already answered a ping). */
  socketActivity(): void;
  /** ws reports a socket or protocol error; it closes the socket itself. */
  socketError(error: Error): void;
  /** The socket closed (either side, once). */
  socketClosed(): void;
}

/** The one private member of ws's receiver used here: its list of received chunks not yet parsed. */
interface ReceiverInternals {
  _receiver: { _buffers: Buffer[] } | null;
}

/**
 * Drops the storage of ws's emptied chunk list. ws shifts parsed chunks off
 * an array that keeps its grown storage (17 slots, ~150 bytes) once empty:
 * after a client's first frame every idle connection would hold one.
 * Setting the length of an empty array to 0 frees it; a list still holding
 * part of the next frame is left alone.
 */
function releaseChunkList(socket: PeerSocket): void {
  const chunks = (socket as unknown as ReceiverInternals)._receiver?._buffers;
  if (chunks?.length === 0) chunks.length = 0;
}

export class PeerSocket extends WebSocket {
  #events: SocketEvents | undefined;
  #tracked: Set<PeerSocket> | undefined;

  /**
   * Keeps this socket in `open` until it closes: the server's list for
   * shutdown, in place of ws's client tracking (a closure per socket).
   */
  track(open: Set<PeerSocket>): void {
    this.#tracked = open;
    open.add(this);
  }

  /** Routes this socket's events to `events` from now on (once, by the connection that owns it). */
  adopt(events: SocketEvents): void {
    this.#events = events;
  }

  // ws emits at most two arguments on a server socket: (data, isBinary) or (code, reason).
  override emit(event: string | symbol, first?: unknown, second?: unknown): boolean {
    if (event === "close") this.#tracked?.delete(this);
    const events = this.#events;
    if (events !== undefined) {
      switch (event) {
        case "message": {
          events.socketMessage(first as RawData, second as boolean);
          releaseChunkList(this);
          return true;
        }
        case "ping":
        case "pong":
          events.socketActivity();
          return true;
        case "error":
          events.socketError(first as Error);
          return true;
        case "close":
          events.socketClosed();
          // Whoever else listens (a refused socket's handshake deadline) hears it too.
          break;
      }
    }
    return super.emit(event, first, second);
  }
}
