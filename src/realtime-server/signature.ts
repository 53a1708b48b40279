/**
 * Signatures: channel authorization, user sign-in and REST request signing,
 * exactly as the `pusher` SDK 5.3 computes them. Pure; every comparison of a
 * secret-derived value is constant-time.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { Limits } from "./protocol";

/** Lower-case hex HMAC-SHA256 of `text` keyed by `secret`. */
export function hmacSha256Hex(secret: string, text: string): string {
  return createHmac("sha256", secret).update(text, "utf8").digest("hex");
}

/** Lower-case hex MD5 of the UTF-8 bytes of `text` (the REST `body_md5`). */
export function md5Hex(text: string): string {
  return createHash("md5").update(text, "utf8").digest("hex");
}

/** Constant-time string equality; unequal lengths are refused up front. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The `auth` a backend returns for a private or presence subscription:
 * `key:hex(HMAC(secret, "socket_id:channel[:channel_data]"))`.
 */
export function signChannel(key: string, secret: string, socketId: string, channel: string, channelData?: string): string {
  const text = channelData === undefined ? `${socketId}:${channel}` : `${socketId}:${channel}:${channelData}`;
  return `${key}:${hmacSha256Hex(secret, text)}`;
}

/** The `auth` for `pusher:signin`: signs `socket_id::user::user_data`. */
export function signUser(key: string, secret: string, socketId: string, userData: string): string {
  return `${key}:${hmacSha256Hex(secret, `${socketId}::user::${userData}`)}`;
}

/** Checks a subscription `auth` against the exact `channel_data` string the client sent. */
export function verifyChannelAuth(
  key: string,
  secret: string,
  request: { socketId: string; channel: string; auth: string; channelData?: string },
): boolean {
  return safeEqual(request.auth, signChannel(key, secret, request.socketId, request.channel, request.channelData));
}

/** Checks a `pusher:signin` `auth` against the exact `user_data` string. */
export function verifyUserAuth(key: string, secret: string, request: { socketId: string; auth: string; userData: string }): boolean {
  return safeEqual(request.auth, signUser(key, secret, request.socketId, request.userData));
}

/**
 * `METHOD\nPATH\nk=v&...`: parameters without `auth_signature`, keys
 * lower-cased and sorted, values not URL-escaped.
 */
export function restStringToSign(method: string, path: string, params: Iterable<readonly [string, string]>): string {
  // One pass and one sort: this runs on every REST call, before anything else can.
  const pairs: (readonly [string, string])[] = [];
  for (const [name, value] of params) {
    const key = name.toLowerCase();
    if (key !== "auth_signature") pairs.push([key, value]);
  }
  pairs.sort(byKey);
  let text = `${method.toUpperCase()}\n${path}\n`;
  for (let i = 0; i < pairs.length; i += 1) text += `${i === 0 ? "" : "&"}${pairs[i]![0]}=${pairs[i]![1]}`;
  return text;
}

function byKey(a: readonly [string, string], b: readonly [string, string]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/** A REST call to sign: what tests and tools use to speak to the server without the SDK. */
export interface RestCall {
  key: string;
  secret: string;
  method: string;
  path: string;
  params?: Record<string, string>;
  body?: string;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
}

/** The complete signed query parameters for a REST call, `auth_signature` included. */
export function signRestRequest(call: RestCall): Record<string, string> {
  const params: Record<string, string> = {
    ...call.params,
    auth_key: call.key,
    auth_timestamp: String(call.timestamp ?? Math.floor(Date.now() / 1000)),
    auth_version: "1.0",
  };
  if (call.body) params.body_md5 = md5Hex(call.body);
  params.auth_signature = hmacSha256Hex(call.secret, restStringToSign(call.method, call.path, Object.entries(params)));
  return params;
}

/** What `hmacSha256Hex` returns: 64 lower-case hex digits. */
const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** A REST request that fails authentication (HTTP 401). */
export class RestAuthError extends Error {
  override name = "RestAuthError";
  readonly status = 401;
}

/** What a REST request is signed with: everything but the body. */
export interface SignedRequestLine {
  key: string;
  secret: string;
  method: string;
  path: string;
  params: ReadonlyMap<string, string>;
  nowSeconds: number;
}

/**
 * The checks that need no body, cheapest first: `auth_key`, `auth_version`,
 * `auth_timestamp` (±600 s of `nowSeconds`) and `auth_signature` (which
 * signs `body_md5` as a parameter, not the body). Run before the body is
 * read, so a forged request never costs the server its body. Returns
 * undefined when valid, otherwise a RestAuthError saying what is wrong.
 */
export function verifyRestSignature(request: SignedRequestLine): RestAuthError | undefined {
  const { params } = request;
  if (params.get("auth_key") !== request.key) return new RestAuthError("Unknown auth_key");
  if (params.get("auth_version") !== "1.0") return new RestAuthError("auth_version must be 1.0");
  const timestamp = params.get("auth_timestamp") ?? "";
  if (!/^\d{1,12}$/.test(timestamp)) return new RestAuthError("auth_timestamp missing or not a whole number");
  if (Math.abs(request.nowSeconds - Number(timestamp)) > Limits.TIMESTAMP_TOLERANCE_SECONDS) {
    return new RestAuthError("Timestamp expired: auth_timestamp is more than 600 s from the server time");
  }
  // The signature's format is public; only its value is compared in constant time, as bytes.
  const given = params.get("auth_signature") ?? "";
  if (!HEX_SHA256.test(given)) return new RestAuthError("Invalid signature");
  const expected = createHmac("sha256", request.secret).update(restStringToSign(request.method, request.path, params), "utf8").digest();
  if (!timingSafeEqual(Buffer.from(given, "hex"), expected)) return new RestAuthError("Invalid signature");
  return undefined;
}

/** The check that needs the body: `body_md5` present and equal to the body's MD5 whenever there is a body. */
export function verifyBodyMd5(params: ReadonlyMap<string, string>, body: string): RestAuthError | undefined {
  const bodyMd5 = params.get("body_md5");
  if (body.length === 0 && bodyMd5 === undefined) return undefined;
  if (bodyMd5 === undefined || !safeEqual(bodyMd5, md5Hex(body))) return new RestAuthError("body_md5 does not match the body");
  return undefined;
}

/**
 * Verifies a whole REST request: `verifyRestSignature`, then `verifyBodyMd5`.
 * Returns undefined when valid, otherwise a RestAuthError saying what is wrong.
 */
export function verifyRestRequest(request: SignedRequestLine & { body: string }): RestAuthError | undefined {
  return verifyRestSignature(request) ?? verifyBodyMd5(request.params, request.body);
}
