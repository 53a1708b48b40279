import { afterAll, beforeEach, describe, expect, it } from "vitest";

import { DELETE, GET, POST } from "@/app/api/session/route";

import { COACH_CODE, errorOf, makeRequest, resetApp, restoreEnvironment, sessionCookieOf, type RequestOptions } from "../support/app";

const join = (json: unknown, options: RequestOptions = {}) => POST(makeRequest("/api/session", { json, ...options }), undefined);
const me = (cookie?: string) => GET(makeRequest("/api/session", { method: "GET", cookie }), undefined);

describe("POST /api/session", () => {
  beforeEach(() => resetApp());
  afterAll(() => restoreEnvironment());

  it("signs an athlete in with a server-chosen id and a sealed httpOnly cookie", async () => {
    const response = await join({ name: "  Ana  ", role: "athlete" });
    expect(response.status).toBe(201);
    const { user } = (await response.json()) as { user: { id: string; name: string; role: string } };
    expect(user).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: "Ana", role: "athlete" });
    const cookie = response.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/i);
    expect(cookie).not.toContain("Ana");

    const again = await me(sessionCookieOf(response));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ user });
  });

  it("gives each join a different id, so nobody can pick one", async () => {
    const first = await (await join({ name: "Ana", role: "athlete" })).json();
    const second = await (await join({ name: "Ana", role: "athlete" })).json();
    expect(first.user.id).not.toBe(second.user.id);
    const chosen = await join({ name: "Ana", role: "athlete", id: "user123" });
    expect(chosen.status).toBe(422);
  });

  it("marks the cookie Secure in production", async () => {
    resetApp({ NODE_ENV: "production", SESSION_SECRET: "s".repeat(32), PUSHER_APP_ID: "1", NEXT_PUBLIC_PUSHER_KEY: "k", PUSHER_SECRET: "production-secret" });
    const response = await join({ name: "Ana", role: "athlete" });
    expect(response.status).toBe(201);
    expect(response.headers.get("set-cookie")).toMatch(/Secure/i);
  });

  it.each([
    ["an empty name", { name: "   ", role: "athlete" }, "name"],
    ["a 41-character name", { name: "a".repeat(41), role: "athlete" }, "name"],
    ["a control character", { name: "Ana\u0000", role: "athlete" }, "name"],
    ["a bidi override", { name: "Ana\u202E", role: "athlete" }, "name"],
    ["an unknown role", { name: "Ana", role: "admin" }, "role"],
    ["a number for a name", { name: 42, role: "athlete" }, "name"],
  ])("refuses %s with 422 and the issue", async (_label, body, path) => {
    const response = await join(body);
    expect(response.status).toBe(422);
    const error = await errorOf(response);
    expect(error.code).toBe("validation_failed");
    expect(error.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
  });

  it("accepts a 40-character name", async () => {
    expect((await join({ name: "é".repeat(40), role: "athlete" })).status).toBe(201);
  });

  it("lets a coach in with the access code only", async () => {
    expect((await join({ name: "Cora", role: "coach", accessCode: COACH_CODE })).status).toBe(201);
    const wrong = await join({ name: "Cora", role: "coach", accessCode: "nope" });
    expect(wrong.status).toBe(403);
    expect((await errorOf(wrong)).code).toBe("bad_access_code");
    expect((await join({ name: "Cora", role: "coach" })).status).toBe(403);
  });

  it("refuses every coach when no access code is configured in production", async () => {
    resetApp({ NODE_ENV: "production", SESSION_SECRET: "s".repeat(32), PUSHER_APP_ID: "1", NEXT_PUBLIC_PUSHER_KEY: "k", PUSHER_SECRET: "production-secret" });
    const response = await join({ name: "Cora", role: "coach", accessCode: "coach" });
    expect(response.status).toBe(403);
    expect((await errorOf(response)).code).toBe("coach_disabled");
  });

  it("answers 400 to malformed JSON, 415 to another content type and 413 past 64 KB", async () => {
    const bad = await POST(makeRequest("/api/session", { body: "{name:", headers: { "content-type": "application/json" } }), undefined);
    expect(bad.status).toBe(400);
    const form = await POST(makeRequest("/api/session", { form: { name: "Ana", role: "athlete" } }), undefined);
    expect(form.status).toBe(415);
    const huge = await join({ name: "a".repeat(70_000), role: "athlete" });
    expect(huge.status).toBe(413);
    expect((await errorOf(huge)).code).toBe("payload_too_large");
  });

  it("refuses cross-site joins (CSRF) and allows same-site and non-browser ones", async () => {
    expect((await join({ name: "Ana", role: "athlete" }, { origin: "https://evil.example" })).status).toBe(403);
    expect((await join({ name: "Ana", role: "athlete" }, { origin: "null" })).status).toBe(403);
    expect(
      (await join({ name: "Ana", role: "athlete" }, { origin: null, headers: { "sec-fetch-site": "cross-site" } })).status,
    ).toBe(403);
    expect((await join({ name: "Ana", role: "athlete" }, { origin: null })).status).toBe(201);
  });

  it("limits joins per IP with 429, Retry-After and X-RateLimit headers, leaving other IPs alone", async () => {
    for (let i = 0; i < 10; i += 1) {
      const ok = await join({ name: `A${i}`, role: "athlete" }, { ip: "198.51.100.7" });
      expect(ok.status).toBe(201);
      expect(ok.headers.get("X-RateLimit-Remaining")).toBe(String(9 - i));
    }
    const limited = await join({ name: "A10", role: "athlete" }, { ip: "198.51.100.7" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(limited.headers.get("X-RateLimit-Limit")).toBe("10");
    expect(limited.headers.get("X-RateLimit-Remaining")).toBe("0");
    expect((await errorOf(limited)).code).toBe("rate_limited");
    expect((await join({ name: "Ben", role: "athlete" }, { ip: "198.51.100.8" })).status).toBe(201);
  });
});

describe("GET and DELETE /api/session", () => {
  beforeEach(() => resetApp());

  it("answers 401 without a session or with a forged cookie", async () => {
    expect((await me()).status).toBe(401);
    expect((await me("coachpro_session=forged")).status).toBe(401);
    const real = sessionCookieOf(await join({ name: "Ana", role: "athlete" }));
    expect((await me(`${real.slice(0, -4)}AAAA`)).status).toBe(401);
  });

  it("does not accept a cookie sealed with another secret", async () => {
    const cookie = sessionCookieOf(await join({ name: "Ana", role: "athlete" }));
    resetApp({ SESSION_SECRET: "another-secret-that-is-long-enough-123" });
    expect((await me(cookie)).status).toBe(401);
  });

  it("signs out by clearing the cookie", async () => {
    const response = await DELETE(makeRequest("/api/session", { method: "DELETE" }), undefined);
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toMatch(/coachpro_session=;.*Max-Age=0/i);
    expect((await DELETE(makeRequest("/api/session", { method: "DELETE", origin: "https://evil.example" }), undefined)).status).toBe(403);
  });
});
