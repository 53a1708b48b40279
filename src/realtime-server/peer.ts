/**
 * The contract between the hub and what it holds: a peer (one client
 * connection) and a socket still in its handshake. The hub calls these; it
 * never touches a socket itself.
 */
import type { PreparedFrame } from "./prepared-frame";

/** One client connection as the hub sees it. */
export interface Peer {
  readonly socketId: string;
  /** The user this connection signed in as (`pusher:signin`), if any. */
  readonly signedInUserId: string | undefined;
  /** When the client last sent anything (any frame, WebSocket ping or pong), on the hub's clock. */
  readonly lastActivityAt: number;
  /** Queues an encoded frame (the peer counts it and applies back-pressure). */
  send(frame: string): void;
  /**
   * Queues a broadcast frame shared with other peers, as `send` does (same
   * counting and back-pressure), writing its prepared wire bytes as they are.
   */
  deliver(frame: PreparedFrame): void;
  /**
   * Called by the hub only, once, as the peer leaves: the peer becomes inert
   * (no more frames in or out) and starts the closing handshake with `code`.
   */
  shut(code: number, reason: string): void;
  /** Called by the hub when the closing handshake did not finish in time: cut the socket. */
  destroy(): void;
}

/** Something that can be cut before its handshake completes (a TCP socket). */
export interface Destroyable {
  destroy(): void;
}
