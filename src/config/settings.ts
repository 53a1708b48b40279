/**
 * Settings: every environment variable CoachPro reads, validated once with zod.
 *
 * Pure and dependency-free on purpose: the launcher (scripts/), the embedded
 * realtime server and the Next server all resolve settings through this one
 * module, so the three can never disagree about a mode, a port or a secret.
 */
import { createECDH, randomBytes } from "node:crypto";
import path from "node:path";
import { z } from "zod";

export type RealtimeMode = "embedded" | "hosted" | "external";

/** Values used in development when a secret is missing. Never accepted in production. */
export const DEVELOPMENT_DEFAULTS = {
  PUSHER_APP_ID: "coachpro",
  NEXT_PUBLIC_PUSHER_KEY: "coachpro-key",
  PUSHER_SECRET: "coachpro-development-secret",
  SESSION_SECRET: "coachpro-development-session-secret-not-for-production",
  ADMIN_API_TOKEN: "coachpro-development-admin-token",
  COACH_ACCESS_CODE: "coach",
} as const;

/** pusher-js 8 insists on a cluster even when wsHost points elsewhere. */
const PLACEHOLDER_CLUSTER = "mt1";

const empty = (value: unknown) => (value === "" ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(empty, schema.optional());

const port = z.coerce
  .number({ error: "expected a port number" })
  .int("expected a whole port number")
  .min(0, "expected a port from 0 to 65535")
  .max(65535, "expected a port from 0 to 65535");

const flag = z.enum(["true", "false", "1", "0"], { error: 'expected "true" or "false"' });

const name = z.string().regex(/^[A-Za-z0-9_.-]+$/, "expected letters, digits, '.', '_' or '-'");

/** One STUN/TURN server as RTCPeerConnection takes it (TURN credentials included: never echoed in errors). */
const iceServer = z.strictObject({
  urls: z.union([z.string(), z.array(z.string()).min(1).max(8)]).refine(
    (urls) => (Array.isArray(urls) ? urls : [urls]).every((url) => /^(stun|stuns|turn|turns):[^\s]{1,250}$/.test(url)),
    "each url starts with stun:, stuns:, turn: or turns:",
  ),
  username: z.string().max(256).optional(),
  credential: z.string().max(256).optional(),
});

/** `ICE_SERVERS`: a JSON array of at most 8 servers for calls; unset means host candidates only (one network). */
const iceServersSetting = z
  .string()
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({ code: "custom", message: "expected a JSON array such as [{\"urls\":\"stun:stun.example.org:3478\"}]" });
      return z.NEVER;
    }
  })
  .pipe(z.array(iceServer, { error: "expected a JSON array of {urls, username?, credential?}" }).max(8, "expected at most 8 servers"));

export type IceServerSetting = z.infer<typeof iceServer>;

/** Settings whose value must never appear in an error or a log line (TURN credentials). */
const NEVER_ECHOED = new Set(["ICE_SERVERS"]);

const schema = z.object({
  NODE_ENV: optional(z.enum(["development", "production", "test"])),
  PORT: z.preprocess(empty, port.default(3000)),
  REALTIME_PORT: z.preprocess(empty, port.default(6001)),
  PUSHER_APP_ID: optional(name.max(64)),
  PUSHER_SECRET: optional(z.string().min(8, "expected at least 8 characters")),
  NEXT_PUBLIC_PUSHER_KEY: optional(name.max(64)),
  NEXT_PUBLIC_PUSHER_CLUSTER: optional(z.string().regex(/^[a-z0-9-]+$/, "expected a cluster name such as eu or mt1")),
  PUSHER_HOST: optional(
    z.string().regex(/^[A-Za-z0-9.-]+$|^\[[0-9a-fA-F:]+\]$/, "expected a host name without scheme or port"),
  ),
  PUSHER_PORT: optional(port),
  PUSHER_USE_TLS: optional(flag),
  ADMIN_API_TOKEN: optional(z.string().min(16, "expected at least 16 characters")),
  SESSION_SECRET: optional(z.string().min(32, "expected at least 32 characters")),
  COACH_ACCESS_CODE: optional(z.string().min(4, "expected at least 4 characters")),
  REDIS_URL: optional(z.string().regex(/^rediss?:\/\/\S+$/, "expected a redis:// or rediss:// URL")),
  REDIS_PREFIX: z.preprocess(empty, z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, "expected 1 to 64 of letters, digits, '_', '.', ':' or '-'").default("coachpro:")),
  VAPID_PUBLIC_KEY: optional(z.string().regex(/^B[A-Za-z0-9_-]{86}$/, "expected a URL-safe base64 P-256 public key (87 characters, from `npx web-push generate-vapid-keys`)")),
  VAPID_PRIVATE_KEY: optional(z.string().regex(/^[A-Za-z0-9_-]{43}$/, "expected a URL-safe base64 P-256 private key (43 characters)")),
  VAPID_SUBJECT: z.preprocess(empty, z.string().regex(/^(mailto:\S+@\S+|https:\/\/\S+)$/, "expected a mailto: address or an https:// URL").default("mailto:coachpro@localhost")),
  ICE_SERVERS: z.preprocess(empty, iceServersSetting.default([])),
  UPLOAD_MAX_BYTES: z.preprocess(
    empty,
    z.coerce.number({ error: "expected a number of bytes" }).int("expected a whole number of bytes").min(1024, "expected at least 1024 bytes").max(100 * 1024 * 1024, "expected at most 104857600 bytes (100 MB)").default(10 * 1024 * 1024),
  ),
  DATA_DIR: z.preprocess(empty, z.string().min(1).default("data")),
  S3_ENDPOINT: optional(z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" })),
  S3_BUCKET: optional(z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "expected a bucket name (3 to 63 of a-z, 0-9, '.', '-')")),
  S3_ACCESS_KEY_ID: optional(z.string().min(1)),
  S3_SECRET_ACCESS_KEY: optional(z.string().min(1)),
  S3_REGION: z.preprocess(empty, z.string().regex(/^[a-z0-9-]{1,32}$/, "expected a region such as us-east-1 or auto").default("us-east-1")),
  TEAM_TIME_ZONE: z.preprocess(empty, z.string().refine(isTimeZone, "expected an IANA time zone such as UTC or Europe/Berlin").default("UTC")),
});

/** Whether `name` is a time zone this runtime knows (IANA names, e.g. Europe/Berlin). */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

type Env = z.infer<typeof schema>;

/** What the realtime server alone reads: no session secret, no web port, no admin token. */
const realtimeSchema = schema.pick({
  NODE_ENV: true,
  REALTIME_PORT: true,
  PUSHER_APP_ID: true,
  NEXT_PUBLIC_PUSHER_KEY: true,
  PUSHER_SECRET: true,
});

type RealtimeEnv = z.infer<typeof realtimeSchema>;

/** Where the server-side `pusher` SDK sends its REST calls. */
export interface PusherServerConfig {
  appId: string;
  key: string;
  secret: string;
  cluster: string;
  host?: string;
  port?: string;
  useTLS: boolean;
}

/** What a browser needs to open its pusher-js connection; contains no secret. */
export interface PusherClientConfig {
  key: string;
  cluster: string;
  /** null: connect to the host name the page was loaded from (embedded mode). */
  wsHost: string | null;
  wsPort: number | null;
  forceTLS: boolean;
}

/** Web Push (VAPID) identity of this deployment; null: push notifications are off. */
export type PushSettings = { publicKey: string; privateKey: string; subject: string } | null;
/** Where uploaded files live: a directory on this machine (the default) or an S3-compatible bucket. */
export type FileStorageSettings =
  | { kind: "disk"; dir: string }
  | { kind: "s3"; endpoint: string; bucket: string; accessKeyId: string; secretAccessKey: string; region: string };

export interface UploadSettings {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  storage: FileStorageSettings;
}

/** Where state lives: this process's memory (the default) or a shared Redis. */
export type StoreSettings = { kind: "memory" } | { kind: "redis"; url: string; prefix: string };

export interface Settings {
  mode: RealtimeMode;
  store: StoreSettings;
  production: boolean;
  port: number;
  realtimePort: number;
  pusher: PusherServerConfig;
  client: PusherClientConfig;
  /** undefined: the admin API refuses every call. */
  adminApiToken: string | undefined;
  sessionSecret: string;
  /** undefined: nobody can join as a coach. */
  coachAccessCode: string | undefined;
  push: PushSettings;
  /** STUN/TURN servers for calls (ICE_SERVERS); empty: host candidates only. Sent only to a call's participants. */
  iceServers: IceServerSetting[];
  uploads: UploadSettings;
  /** Where the leaderboard's days, weeks (from Monday) and months begin. */
  teamTimeZone: string;
}

/** A setting that cannot be used; `message` is one line naming the variable. */
export class SettingsError extends Error {
  override name = "SettingsError";
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Invalid setting ${variable}: ${detail}`);
  }
}

export function realtimeMode(env: { PUSHER_HOST?: string; NEXT_PUBLIC_PUSHER_CLUSTER?: string }): RealtimeMode {
  if (env.PUSHER_HOST) return "external";
  if (env.NEXT_PUBLIC_PUSHER_CLUSTER) return "hosted";
  return "embedded";
}

function isProduction(env: Pick<Env, "NODE_ENV">) {
  return env.NODE_ENV === "production";
}

function parse<T extends z.ZodType>(shape: T, source: Record<string, string | undefined>): z.infer<T> {
  const result = shape.safeParse(source);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const variable = String(issue.path[0] ?? "environment");
  const got = source[variable];
  const shown = got === undefined || NEVER_ECHOED.has(variable) ? "" : `, got ${JSON.stringify(got.length > 40 ? `${got.slice(0, 40)}…` : got)}`;
  throw new SettingsError(variable, `${issue.message}${shown}`);
}

type Secret = keyof typeof DEVELOPMENT_DEFAULTS;
type SecretsOf = Pick<Env, "NODE_ENV"> & Partial<Record<Secret, string>>;

function secret(env: SecretsOf, variable: Secret): string | undefined {
  const value = env[variable];
  if (isProduction(env) && value === DEVELOPMENT_DEFAULTS[variable]) {
    throw new SettingsError(variable, "the development default is not accepted in production");
  }
  return value ?? (isProduction(env) ? undefined : DEVELOPMENT_DEFAULTS[variable]);
}

function required(env: SecretsOf, variable: Secret, why: string): string {
  const value = secret(env, variable);
  if (value === undefined) throw new SettingsError(variable, `required ${why}`);
  return value;
}

/**
 * Validates the environment and resolves the realtime mode and both SDKs'
 * configuration. Throws a SettingsError naming the first bad variable.
 */
export function resolveSettings(source: Record<string, string | undefined>): Settings {
  const env = parse(schema, source);
  const mode = realtimeMode(env);
  const production = isProduction(env);
  const why = production ? "in production" : `in ${mode} mode`;
  const needsReal = production || mode === "hosted";
  const credential = (variable: "PUSHER_APP_ID" | "NEXT_PUBLIC_PUSHER_KEY" | "PUSHER_SECRET") => {
    if (mode === "hosted" && !env[variable]) throw new SettingsError(variable, `required ${why}`);
    return needsReal ? required(env, variable, why) : secret(env, variable)!;
  };
  const appId = credential("PUSHER_APP_ID");
  const key = credential("NEXT_PUBLIC_PUSHER_KEY");
  const pusherSecret = credential("PUSHER_SECRET");
  const cluster = env.NEXT_PUBLIC_PUSHER_CLUSTER ?? PLACEHOLDER_CLUSTER;
  const useTLS = env.PUSHER_USE_TLS === "true" || env.PUSHER_USE_TLS === "1";

  let pusher: PusherServerConfig;
  let client: PusherClientConfig;
  if (mode === "embedded") {
    pusher = { appId, key, secret: pusherSecret, cluster, host: "127.0.0.1", port: String(env.REALTIME_PORT), useTLS: false };
    client = { key, cluster, wsHost: null, wsPort: env.REALTIME_PORT, forceTLS: false };
  } else if (mode === "external") {
    const externalPort = env.PUSHER_PORT ?? (useTLS ? 443 : 80);
    pusher = { appId, key, secret: pusherSecret, cluster, host: env.PUSHER_HOST, port: String(externalPort), useTLS };
    client = { key, cluster, wsHost: env.PUSHER_HOST!, wsPort: externalPort, forceTLS: useTLS };
  } else {
    pusher = { appId, key, secret: pusherSecret, cluster, useTLS: true };
    client = { key, cluster, wsHost: null, wsPort: null, forceTLS: true };
  }

  return {
    mode,
    store: env.REDIS_URL ? { kind: "redis", url: env.REDIS_URL, prefix: env.REDIS_PREFIX } : { kind: "memory" },
    production,
    port: env.PORT,
    realtimePort: env.REALTIME_PORT,
    pusher,
    client,
    adminApiToken: secret(env, "ADMIN_API_TOKEN"),
    sessionSecret: required(env, "SESSION_SECRET", why),
    coachAccessCode: secret(env, "COACH_ACCESS_CODE"),
    push: pushSettings(env),
    iceServers: env.ICE_SERVERS,
    uploads: { maxBytes: env.UPLOAD_MAX_BYTES, storage: fileStorage(env) },
    teamTimeZone: env.TEAM_TIME_ZONE,
  };
}

/** Disk under DATA_DIR/uploads, or S3 when S3_BUCKET is set (then the endpoint and both keys are required). */
function fileStorage(env: Env): FileStorageSettings {
  if (!env.S3_BUCKET) return { kind: "disk", dir: path.resolve(env.DATA_DIR, "uploads") };
  for (const variable of ["S3_ENDPOINT", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const) {
    if (!env[variable]) throw new SettingsError(variable, "required when S3_BUCKET is set");
  }
  return {
    kind: "s3",
    endpoint: env.S3_ENDPOINT!.replace(/\/+$/, ""),
    bucket: env.S3_BUCKET,
    accessKeyId: env.S3_ACCESS_KEY_ID!,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY!,
    region: env.S3_REGION,
  };
}

function pushSettings(env: Env): PushSettings {
  const { VAPID_PUBLIC_KEY: publicKey, VAPID_PRIVATE_KEY: privateKey } = env;
  if (!publicKey && !privateKey) return null;
  if (!publicKey) throw new SettingsError("VAPID_PUBLIC_KEY", "required when VAPID_PRIVATE_KEY is set");
  if (!privateKey) throw new SettingsError("VAPID_PRIVATE_KEY", "required when VAPID_PUBLIC_KEY is set");
  return { publicKey, privateKey, subject: env.VAPID_SUBJECT };
}

/**
 * Development start-up without Web Push keys: generates a VAPID key pair for
 * this run (P-256, URL-safe base64 as web-push expects), so push works with
 * zero configuration. Returns the completed environment and whether it
 * generated the pair (the launcher then prints it, to be kept in .env.local:
 * devices subscribed under one pair stop receiving when it changes).
 */
export function withGeneratedVapidKeys(source: Record<string, string | undefined>): { env: Record<string, string | undefined>; generated: boolean } {
  if (source.VAPID_PUBLIC_KEY || source.VAPID_PRIVATE_KEY) return { env: source, generated: false };
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  const privateKey = ecdh.getPrivateKey();
  const env = {
    ...source,
    VAPID_PUBLIC_KEY: ecdh.getPublicKey().toString("base64url"),
    // A key with leading zero bytes comes back short: web-push wants all 32.
    VAPID_PRIVATE_KEY: Buffer.concat([Buffer.alloc(32 - privateKey.length), privateKey]).toString("base64url"),
  };
  return { env, generated: true };
}

/** What `npm run realtime` needs: its port and the app credentials it checks signatures with. */
export interface RealtimeServerSettings {
  production: boolean;
  realtimePort: number;
  appId: string;
  key: string;
  secret: string;
}

/**
 * Validates only what the standalone realtime server reads (`REALTIME_PORT`
 * and the app credentials): it has no sessions, web port or admin API, so a
 * setting only the web app uses can neither stop it nor be required by it.
 * Development defaults fill missing credentials in development and are
 * refused in production.
 */
export function resolveRealtimeSettings(source: Record<string, string | undefined>): RealtimeServerSettings {
  const env: RealtimeEnv = parse(realtimeSchema, source);
  const production = isProduction(env);
  const credential = (variable: "PUSHER_APP_ID" | "NEXT_PUBLIC_PUSHER_KEY" | "PUSHER_SECRET") =>
    production ? required(env, variable, "in production") : secret(env, variable)!;
  return {
    production,
    realtimePort: env.REALTIME_PORT,
    appId: credential("PUSHER_APP_ID"),
    key: credential("NEXT_PUBLIC_PUSHER_KEY"),
    secret: credential("PUSHER_SECRET"),
  };
}

/**
 * Production start-up without real secrets: generates random per-start ones
 * for the embedded server and the session cookie, so both processes share
 * them. Returns the completed environment and the names it generated.
 * Hosted and external modes are never given invented credentials.
 */
export function withGeneratedSecrets(source: Record<string, string | undefined>): {
  env: Record<string, string | undefined>;
  generated: string[];
} {
  const env = { ...source };
  const generated: string[] = [];
  const fill = (variable: string, value: string) => {
    if (env[variable]) return;
    env[variable] = value;
    generated.push(variable);
  };
  if (realtimeMode(env) === "embedded") {
    fill("PUSHER_APP_ID", `coachpro-${randomBytes(4).toString("hex")}`);
    fill("NEXT_PUBLIC_PUSHER_KEY", randomBytes(10).toString("hex"));
    fill("PUSHER_SECRET", randomBytes(24).toString("hex"));
  }
  fill("SESSION_SECRET", randomBytes(32).toString("base64url"));
  return { env, generated };
}
