import { NextRequest } from "next/server";

import { DEVELOPMENT_DEFAULTS } from "@/config/settings";
import type { SessionUser } from "@/lib/schemas";
import { setRateLimiterFactory } from "@/server/rate-limit";
import { setRealtimeDeadline } from "@/server/realtime-gateway";
import { SESSION_COOKIE } from "@/server/session";

export const ORIGIN = "http://coachpro.test";

const SETTINGS = [
  "NODE_ENV",
  "PORT",
  "REALTIME_PORT",
  "PUSHER_APP_ID",
  "PUSHER_SECRET",
  "NEXT_PUBLIC_PUSHER_KEY",
  "NEXT_PUBLIC_PUSHER_CLUSTER",
  "PUSHER_HOST",
  "PUSHER_PORT",
  "PUSHER_USE_TLS",
  "ADMIN_API_TOKEN",
  "SESSION_SECRET",
  "COACH_ACCESS_CODE",
  "REDIS_URL",
  "REDIS_PREFIX",
  "VAPID_PUBLIC_KEY",
  "VAPID_PRIVATE_KEY",
  "VAPID_SUBJECT",
  "ICE_SERVERS",
  "UPLOAD_MAX_BYTES",
  "DATA_DIR",
  "S3_ENDPOINT",
  "S3_BUCKET",
  "S3_ACCESS_KEY_ID",
  "S3_SECRET_ACCESS_KEY",
  "S3_REGION",
] as const;

const original = Object.fromEntries(SETTINGS.map((name) => [name, process.env[name]]));

/**
 * Gives the app a fresh environment: settings, SDK client (with the default
 * realtime deadline unless `realtimeDeadlineMs` is given) and rate-limit counters.
 */
export function resetApp(env: Partial<Record<(typeof SETTINGS)[number], string>> = {}, options: { realtimeDeadlineMs?: number } = {}): void {
  const target = process.env as Record<string, string | undefined>;
  for (const name of SETTINGS) delete target[name];
  Object.assign(target, { NODE_ENV: "test" }, env);
  const state = globalThis as Record<string, unknown>;
  delete state.__coachproSettings;
  setRealtimeDeadline(options.realtimeDeadlineMs);
  setRateLimiterFactory(undefined);
}

/**
 * Every piece of state a web process keeps on globalThis: what a restart of
 * the app loses (Redis, outside the process, keeps its data).
 */
const PROCESS_STATE = [
  "__coachproChat",
  "__coachproUsers",
  "__coachproActivity",
  "__coachproNotices",
  "__coachproLeaderboard",
  "__coachproEpoch",
  "__coachproMemoryEpoch",
  "__coachproRedis",
  "__coachproLimiters",
  "__coachproLimiterFactory",
  "__coachproVerifiedSessions",
  "__coachproPush",
  "__coachproCalls",
  "__coachproFiles",
  "__coachproClasses",
] as const;

/** One web instance's in-process state, to run two instances in one test process. */
export type AppInstance = Partial<Record<(typeof PROCESS_STATE)[number], unknown>>;

const globals = globalThis as Record<string, unknown>;
/** The instance whose state is on globalThis now, and those set aside by `startAnotherInstance`. */
let active: AppInstance = {};
const started: AppInstance[] = [];

function save(instance: AppInstance) {
  for (const name of PROCESS_STATE) instance[name] = globals[name];
}

function load(instance: AppInstance) {
  for (const name of PROCESS_STATE) {
    if (instance[name] === undefined) delete globals[name];
    else globals[name] = instance[name];
  }
}

function disconnect(instance: AppInstance) {
  (instance.__coachproRedis as { disconnect(): void } | undefined)?.disconnect();
}

/** The instance the route handlers use now (a handle for `switchToInstance`). */
export function currentInstance(): AppInstance {
  return active;
}

/** Makes `instance` the one the route handlers use from now on; the current one keeps its state. */
export function switchToInstance(instance: AppInstance): void {
  save(active);
  load(instance);
  active = instance;
}

/**
 * Starts a second web instance beside the current one: returns the current
 * instance (to switch back with `switchToInstance`) and makes a new one
 * current, whose singletons (and Redis client) are built on first use.
 */
export function startAnotherInstance(): AppInstance {
  const previous = active;
  save(previous);
  started.push(previous);
  active = {};
  load(active);
  return previous;
}

/**
 * Simulates a restart of the web app with the same settings: every store
 * singleton, the epoch and the Redis client are dropped (the old client is
 * disconnected), so the next request builds them again from the settings.
 */
export function restartApp(): void {
  save(active);
  disconnect(active);
  active = {};
  load(active);
}

/** Disconnects the Redis clients of every instance: the current one and those set aside by `startAnotherInstance`. */
export function closeInstances(): void {
  save(active);
  for (const instance of new Set([...started.splice(0), active])) disconnect(instance);
  active = {};
  load(active);
}

/** Puts the environment back as it was before the tests. */
export function restoreEnvironment(): void {
  resetApp(Object.fromEntries(Object.entries(original).filter(([, value]) => value !== undefined)));
}

export const ADMIN_TOKEN = DEVELOPMENT_DEFAULTS.ADMIN_API_TOKEN;
export const COACH_CODE = DEVELOPMENT_DEFAULTS.COACH_ACCESS_CODE;

export interface RequestOptions {
  method?: string;
  json?: unknown;
  form?: Record<string, string>;
  body?: string;
  headers?: Record<string, string>;
  cookie?: string;
  ip?: string;
  /** The Origin header; null leaves it out. Defaults to this site for writes. */
  origin?: string | null;
}

/** Builds the NextRequest a browser (or curl) would send. */
export function makeRequest(path: string, options: RequestOptions = {}): NextRequest {
  const method = options.method ?? "POST";
  const headers = new Headers({ host: "coachpro.test", "x-forwarded-for": options.ip ?? "203.0.113.1" });
  let body = options.body;
  if (options.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(options.json);
  }
  if (options.form) {
    headers.set("content-type", "application/x-www-form-urlencoded");
    body = new URLSearchParams(options.form).toString();
  }
  const origin = options.origin === undefined ? (method === "GET" ? null : ORIGIN) : options.origin;
  if (origin !== null) headers.set("origin", origin);
  if (options.cookie) headers.set("cookie", options.cookie);
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
  return new NextRequest(`${ORIGIN}${path}`, { method, headers, body });
}

/** The `name=value` of the session cookie a response set. */
export function sessionCookieOf(response: Response): string {
  const header = response.headers.get("set-cookie") ?? "";
  const match = new RegExp(`${SESSION_COOKIE}=([^;]*)`).exec(header);
  if (!match) throw new Error("the response set no session cookie");
  return `${SESSION_COOKIE}=${match[1]}`;
}

export async function errorOf(response: Response): Promise<{ code: string; message: string; issues?: unknown[] }> {
  const body = (await response.json()) as { error: { code: string; message: string; issues?: unknown[] } };
  return body.error;
}

/**
 * Joins through POST /api/session (coaches with the development access code)
 * and returns the server-made user with the session cookie to send. Joins
 * are limited per address: pass distinct `ip`s to sign in more than ten.
 */
export async function signIn(
  name: string,
  role: "athlete" | "coach" = "athlete",
  options: { ip?: string } = {},
): Promise<{ user: SessionUser; cookie: string }> {
  const { POST } = await import("@/app/api/session/route");
  const response = await POST(makeRequest("/api/session", { json: { name, role, accessCode: COACH_CODE }, ip: options.ip }), undefined);
  if (response.status !== 201) throw new Error(`could not sign in ${name}: ${response.status}`);
  const { user } = (await response.json()) as { user: SessionUser };
  return { user, cookie: sessionCookieOf(response) };
}
