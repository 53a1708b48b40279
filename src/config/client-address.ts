/**
 * Which address a request came from, for per-IP rate limits.
 *
 * The Next server records each request's socket address in PEER_HEADER
 * (src/instrumentation-node.ts overwrites whatever a client sent there). A
 * peer on loopback or a private network is a proxy in front of us, so its
 * right-most X-Forwarded-For entry (the address that proxy saw) is trusted;
 * any other peer is the client itself and X-Forwarded-For is ignored, so a
 * client cannot pick its own rate-limit key.
 */
export const PEER_HEADER = "x-coachpro-peer";

const TRUSTED_PROXY = [
  /^127\./,
  /^::1$/,
  /^::ffff:127\./,
  /^10\./,
  /^192\.168\./,
  /^172\.(1[6-9]|2\d|3[01])\./,
  /^::ffff:(10|192\.168|172\.(1[6-9]|2\d|3[01]))\./,
  /^f[cd][0-9a-f]{2}:/i,
];

export function isTrustedProxy(address: string): boolean {
  return TRUSTED_PROXY.some((pattern) => pattern.test(address));
}

/** The client address from the recorded peer and the X-Forwarded-For header (either may be missing). */
export function clientAddress(peer: string | null, forwardedFor: string | null): string {
  const forwarded = forwardedFor?.split(",").at(-1)?.trim() || null;
  if (!peer) return forwarded ?? "unknown";
  return isTrustedProxy(peer) ? (forwarded ?? peer) : peer;
}
