/**
 * A server → client frame prepared once for every socket it goes to: the
 * JSON text (what tests and fake peers read) and, built on first use, the
 * complete WebSocket wire bytes — an unmasked, final text frame (RFC 6455
 * §5.2), header and UTF-8 payload in one buffer — so a broadcast to N
 * sockets encodes the string once and makes N plain socket writes, with no
 * per-socket framing, copy or closure. Pure: no sockets here.
 */

/** FIN bit set, opcode 1 (text). */
const FIN_TEXT = 0x81;
/** Payload lengths up to this fit in the second header byte. */
const SHORT_LENGTH_MAX = 125;
/** Marker for a 16-bit extended payload length. */
const LENGTH_16 = 126;
/** Marker for a 64-bit extended payload length. */
const LENGTH_64 = 127;

/**
 * The WebSocket wire bytes of one unmasked text frame carrying `text`:
 * what `ws` writes for `ws.send(text)` on a connection without compression.
 */
export function textFrameBytes(text: string): Buffer {
  const length = Buffer.byteLength(text, "utf8");
  const headerLength = length <= SHORT_LENGTH_MAX ? 2 : length <= 0xffff ? 4 : 10;
  const bytes = Buffer.allocUnsafe(headerLength + length);
  bytes[0] = FIN_TEXT;
  if (headerLength === 2) {
    bytes[1] = length;
  } else if (headerLength === 4) {
    bytes[1] = LENGTH_16;
    bytes.writeUInt16BE(length, 2);
  } else {
    bytes[1] = LENGTH_64;
    bytes.writeUInt32BE(0, 2);
    bytes.writeUInt32BE(length, 6);
  }
  bytes.write(text, headerLength, "utf8");
  return bytes;
}

/** One encoded frame shared by every recipient of a broadcast. */
export class PreparedFrame {
  /** The frame's JSON text. */
  readonly text: string;
  #chunks: [Buffer] | undefined;

  constructor(text: string) {
    this.text = text;
  }

  /**
   * The wire bytes as the one-buffer list `ws`'s sender writes as is;
   * built on the first call, then the same array for every socket.
   */
  get chunks(): [Buffer] {
    return (this.#chunks ??= [textFrameBytes(this.text)]);
  }
}
