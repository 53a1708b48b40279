import { describe, expect, it } from "vitest";

import {
  DEVELOPMENT_DEFAULTS,
  realtimeMode,
  resolveRealtimeSettings,
  resolveSettings,
  SettingsError,
  withGeneratedSecrets,
  withGeneratedVapidKeys,
} from "./settings";

const production = {
  NODE_ENV: "production",
  PUSHER_APP_ID: "42",
  NEXT_PUBLIC_PUSHER_KEY: "prod-key",
  PUSHER_SECRET: "a-real-production-secret",
  SESSION_SECRET: "x".repeat(32),
};

function errorOf(env: Record<string, string | undefined>, resolve: (env: Record<string, string | undefined>) => unknown = resolveSettings): SettingsError {
  try {
    resolve(env);
  } catch (error) {
    if (error instanceof SettingsError) return error;
    throw error;
  }
  throw new Error("expected a SettingsError");
}

describe("realtimeMode", () => {
  it("is embedded with no Pusher settings at all", () => {
    expect(realtimeMode({})).toBe("embedded");
  });

  it("is hosted when a cluster is set and no host", () => {
    expect(realtimeMode({ NEXT_PUBLIC_PUSHER_CLUSTER: "eu" })).toBe("hosted");
  });

  it("is external whenever PUSHER_HOST is set", () => {
    expect(realtimeMode({ PUSHER_HOST: "ws.example.com", NEXT_PUBLIC_PUSHER_CLUSTER: "eu" })).toBe("external");
  });
});

describe("resolveSettings", () => {
  it("starts with zero configuration in development, against the embedded server", () => {
    const settings = resolveSettings({});
    expect(settings.mode).toBe("embedded");
    expect(settings.port).toBe(3000);
    expect(settings.realtimePort).toBe(6001);
    expect(settings.pusher).toMatchObject({ host: "127.0.0.1", port: "6001", useTLS: false });
    expect(settings.pusher.secret).toBe(DEVELOPMENT_DEFAULTS.PUSHER_SECRET);
    expect(settings.client).toEqual({
      key: DEVELOPMENT_DEFAULTS.NEXT_PUBLIC_PUSHER_KEY,
      cluster: "mt1",
      wsHost: null,
      wsPort: 6001,
      forceTLS: false,
    });
  });

  it("treats empty strings as unset", () => {
    expect(resolveSettings({ PORT: "", NEXT_PUBLIC_PUSHER_CLUSTER: "" }).mode).toBe("embedded");
  });

  it("points both SDKs at hosted Pusher over TLS", () => {
    const settings = resolveSettings({ ...production, NODE_ENV: undefined, NEXT_PUBLIC_PUSHER_CLUSTER: "eu" });
    expect(settings.mode).toBe("hosted");
    expect(settings.pusher).toEqual({ appId: "42", key: "prod-key", secret: production.PUSHER_SECRET, cluster: "eu", useTLS: true });
    expect(settings.client).toEqual({ key: "prod-key", cluster: "eu", wsHost: null, wsPort: null, forceTLS: true });
  });

  it("requires real credentials for hosted Pusher even in development", () => {
    expect(errorOf({ NEXT_PUBLIC_PUSHER_CLUSTER: "eu" }).variable).toBe("PUSHER_APP_ID");
  });

  it("points both SDKs at an external server", () => {
    const settings = resolveSettings({ PUSHER_HOST: "soketi.internal", PUSHER_PORT: "6002", PUSHER_USE_TLS: "false" });
    expect(settings.mode).toBe("external");
    expect(settings.pusher).toMatchObject({ host: "soketi.internal", port: "6002", useTLS: false });
    expect(settings.client).toMatchObject({ wsHost: "soketi.internal", wsPort: 6002, forceTLS: false });
  });

  it("defaults an external TLS server to port 443", () => {
    const settings = resolveSettings({ PUSHER_HOST: "ws.example.com", PUSHER_USE_TLS: "true" });
    expect(settings.pusher.port).toBe("443");
    expect(settings.client.forceTLS).toBe(true);
  });

  it.each([
    [{ PORT: "abc" }, "PORT", /expected a port number, got "abc"/],
    [{ PORT: "65536" }, "PORT", /0 to 65535/],
    [{ REALTIME_PORT: "1.5" }, "REALTIME_PORT", /whole port number/],
    [{ PUSHER_USE_TLS: "yes" }, "PUSHER_USE_TLS", /"true" or "false"/],
    [{ PUSHER_HOST: "https://x.example" }, "PUSHER_HOST", /without scheme/],
    [{ SESSION_SECRET: "short" }, "SESSION_SECRET", /at least 32/],
    [{ ADMIN_API_TOKEN: "short" }, "ADMIN_API_TOKEN", /at least 16/],
    [{ NEXT_PUBLIC_PUSHER_CLUSTER: "EU West" }, "NEXT_PUBLIC_PUSHER_CLUSTER", /cluster name/],
  ])("rejects %j with one line naming %s", (env, variable, detail) => {
    const error = errorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(new RegExp(`^Invalid setting ${variable}: `));
    expect(error.message).toMatch(detail);
    expect(error.message).not.toContain("\n");
  });

  it("accepts the largest and smallest ports", () => {
    expect(resolveSettings({ PORT: "65535", REALTIME_PORT: "0" })).toMatchObject({ port: 65535, realtimePort: 0 });
  });

  it("refuses a well-known development secret in production", () => {
    const error = errorOf({ ...production, PUSHER_SECRET: DEVELOPMENT_DEFAULTS.PUSHER_SECRET });
    expect(error.variable).toBe("PUSHER_SECRET");
    expect(error.message).toMatch(/development default is not accepted in production/);
    expect(errorOf({ ...production, ADMIN_API_TOKEN: DEVELOPMENT_DEFAULTS.ADMIN_API_TOKEN }).variable).toBe("ADMIN_API_TOKEN");
  });

  it("requires the session secret in production", () => {
    expect(errorOf({ ...production, SESSION_SECRET: undefined }).variable).toBe("SESSION_SECRET");
  });

  it("leaves the admin API and coach sign-up closed in production unless configured", () => {
    const settings = resolveSettings(production);
    expect(settings.adminApiToken).toBeUndefined();
    expect(settings.coachAccessCode).toBeUndefined();
    expect(resolveSettings({}).adminApiToken).toBe(DEVELOPMENT_DEFAULTS.ADMIN_API_TOKEN);
  });
});

describe("store settings", () => {
  it("keeps state in memory without REDIS_URL", () => {
    expect(resolveSettings({}).store).toEqual({ kind: "memory" });
  });

  it("uses Redis with the default prefix when REDIS_URL is set", () => {
    expect(resolveSettings({ REDIS_URL: "redis://127.0.0.1:6380" }).store).toEqual({ kind: "redis", url: "redis://127.0.0.1:6380", prefix: "coachpro:" });
    expect(resolveSettings({ REDIS_URL: "rediss://u:p@cache:6380/1", REDIS_PREFIX: "team-a:" }).store).toMatchObject({ prefix: "team-a:" });
  });

  it("names a REDIS_URL that is not a Redis URL and a prefix with spaces", () => {
    expect(errorOf({ REDIS_URL: "http://cache:6379" }).variable).toBe("REDIS_URL");
    expect(errorOf({ REDIS_URL: "redis://cache", REDIS_PREFIX: "a b" }).variable).toBe("REDIS_PREFIX");
  });
});

describe("Web Push settings", () => {
  it("is off without VAPID keys, and on with both (the subject defaulting to a mailto: address)", () => {
    expect(resolveSettings({}).push).toBeNull();
    const { env } = withGeneratedVapidKeys({});
    expect(resolveSettings(env).push).toEqual({ publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY, subject: "mailto:coachpro@localhost" });
  });

  it("names the missing half of a key pair, a malformed key and a subject that is neither mailto: nor https:", () => {
    const { env } = withGeneratedVapidKeys({});
    expect(errorOf({ VAPID_PUBLIC_KEY: env.VAPID_PUBLIC_KEY }).variable).toBe("VAPID_PRIVATE_KEY");
    expect(errorOf({ VAPID_PRIVATE_KEY: env.VAPID_PRIVATE_KEY }).variable).toBe("VAPID_PUBLIC_KEY");
    expect(errorOf({ ...env, VAPID_PUBLIC_KEY: "not-a-key" }).variable).toBe("VAPID_PUBLIC_KEY");
    expect(errorOf({ ...env, VAPID_SUBJECT: "http://coachpro.example" }).variable).toBe("VAPID_SUBJECT");
  });

  it("generates a fresh P-256 pair for development (65-byte public point, 32-byte private key) and keeps one that is set", () => {
    const first = withGeneratedVapidKeys({});
    const second = withGeneratedVapidKeys({});
    expect(first.generated).toBe(true);
    expect(Buffer.from(first.env.VAPID_PUBLIC_KEY!, "base64url")).toHaveLength(65);
    expect(Buffer.from(first.env.VAPID_PRIVATE_KEY!, "base64url")).toHaveLength(32);
    expect(second.env.VAPID_PUBLIC_KEY).not.toBe(first.env.VAPID_PUBLIC_KEY);
    expect(withGeneratedVapidKeys(first.env)).toEqual({ env: first.env, generated: false });
  });
});

describe("ICE servers for calls", () => {
  it("is empty without ICE_SERVERS (host candidates only)", () => {
    expect(resolveSettings({}).iceServers).toEqual([]);
    expect(resolveSettings({ ICE_SERVERS: "" }).iceServers).toEqual([]);
  });

  it("reads a JSON list of STUN and TURN servers", () => {
    const servers = [{ urls: "stun:stun.example.org:3478" }, { urls: ["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"], username: "coach", credential: "s3cret" }];
    expect(resolveSettings({ ICE_SERVERS: JSON.stringify(servers) }).iceServers).toEqual(servers);
  });

  it.each([
    ["not JSON", "stun:stun.example.org"],
    ["not a list", '{"urls":"stun:x"}'],
    ["a URL of another scheme", '[{"urls":"https://turn.example.org"}]'],
    ["an unknown key", '[{"urls":"stun:x","password":"p"}]'],
    ["more than 8 servers", JSON.stringify(Array.from({ length: 9 }, () => ({ urls: "stun:x" })))],
  ])("names ICE_SERVERS when it is %s", (_, value) => {
    expect(errorOf({ ICE_SERVERS: value }).variable).toBe("ICE_SERVERS");
  });

  it("never echoes the value (it may hold TURN credentials)", () => {
    const error = errorOf({ ICE_SERVERS: '[{"urls":"http://x","username":"u","credential":"hunter2-secret"}]' });
    expect(error.message).not.toContain("hunter2");
    expect(error.message).toMatch(/^Invalid setting ICE_SERVERS: /);
  });
});

describe("resolveRealtimeSettings", () => {
  const credentials = { PUSHER_APP_ID: "42", NEXT_PUBLIC_PUSHER_KEY: "prod-key", PUSHER_SECRET: "a-real-production-secret" };

  it("starts in production with only the app credentials and its port", () => {
    const settings = resolveRealtimeSettings({ NODE_ENV: "production", REALTIME_PORT: "6101", ...credentials });
    expect(settings).toEqual({ production: true, realtimePort: 6101, appId: "42", key: "prod-key", secret: "a-real-production-secret" });
  });

  it("ignores settings only the web app reads, even invalid ones", () => {
    const settings = resolveRealtimeSettings({ NODE_ENV: "production", ...credentials, PORT: "nope", SESSION_SECRET: "short", ADMIN_API_TOKEN: "x" });
    expect(settings.realtimePort).toBe(6001);
  });

  it("fills development defaults outside production", () => {
    expect(resolveRealtimeSettings({})).toMatchObject({
      production: false,
      appId: DEVELOPMENT_DEFAULTS.PUSHER_APP_ID,
      key: DEVELOPMENT_DEFAULTS.NEXT_PUBLIC_PUSHER_KEY,
      secret: DEVELOPMENT_DEFAULTS.PUSHER_SECRET,
    });
  });

  it("requires each credential in production and refuses the development defaults", () => {
    const { PUSHER_SECRET: _secret, ...withoutSecret } = credentials;
    expect(errorOf({ NODE_ENV: "production", ...withoutSecret }, resolveRealtimeSettings).message).toBe(
      "Invalid setting PUSHER_SECRET: required in production",
    );
    const withDefault = { NODE_ENV: "production", ...credentials, NEXT_PUBLIC_PUSHER_KEY: DEVELOPMENT_DEFAULTS.NEXT_PUBLIC_PUSHER_KEY };
    expect(errorOf(withDefault, resolveRealtimeSettings).variable).toBe("NEXT_PUBLIC_PUSHER_KEY");
  });

  it("names a bad realtime port", () => {
    expect(errorOf({ REALTIME_PORT: "70000" }, resolveRealtimeSettings).variable).toBe("REALTIME_PORT");
  });
});

describe("withGeneratedSecrets", () => {
  it("fills the embedded server's credentials and the session secret with random values", () => {
    const first = withGeneratedSecrets({ NODE_ENV: "production" });
    const second = withGeneratedSecrets({ NODE_ENV: "production" });
    expect(first.generated).toEqual(["PUSHER_APP_ID", "NEXT_PUBLIC_PUSHER_KEY", "PUSHER_SECRET", "SESSION_SECRET"]);
    expect(first.env.PUSHER_SECRET).not.toBe(second.env.PUSHER_SECRET);
    expect(resolveSettings(first.env).pusher.secret).toBe(first.env.PUSHER_SECRET);
  });

  it("keeps values that are set and never invents hosted credentials", () => {
    const { env, generated } = withGeneratedSecrets({ ...production, NEXT_PUBLIC_PUSHER_CLUSTER: "eu" });
    expect(generated).toEqual([]);
    expect(env.PUSHER_SECRET).toBe(production.PUSHER_SECRET);
    const hostedWithout = withGeneratedSecrets({ NODE_ENV: "production", NEXT_PUBLIC_PUSHER_CLUSTER: "eu" });
    expect(hostedWithout.generated).toEqual(["SESSION_SECRET"]);
  });
});
