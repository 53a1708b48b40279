import { NextRequest, NextResponse } from "next/server";
import { beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";

import { DEVELOPMENT_DEFAULTS } from "@/config/settings";

import { route } from "./http";
import { setRateLimiterFactory } from "./rate-limit";

const ORIGIN = "http://coachpro.test";
const token = { authorization: `Bearer ${DEVELOPMENT_DEFAULTS.ADMIN_API_TOKEN}` };

function request(method: string, init: { headers?: Record<string, string>; body?: string; query?: string } = {}) {
  return new NextRequest(`${ORIGIN}/api/x${init.query ?? ""}`, {
    method,
    headers: { host: "coachpro.test", "x-forwarded-for": "203.0.113.9", ...init.headers },
    body: init.body,
  });
}

const status = async (response: Promise<Response>) => (await response).status;

describe("route(policy, handler)", () => {
  beforeEach(() => {
    delete (globalThis as Record<string, unknown>).__coachproSettings;
    setRateLimiterFactory(undefined);
  });

  it("checks the origin of cookie-authenticated writes before anything else", async () => {
    const handler = route({ auth: "session" }, () => NextResponse.json({}));
    const crossSite = await handler(request("POST", { headers: { origin: "https://evil.example" } }));
    expect(crossSite.status).toBe(403);
    expect(((await crossSite.json()) as { error: { code: string } }).error.code).toBe("cross_origin");
    // Same site, no session: now authentication speaks.
    expect(await status(handler(request("POST", { headers: { origin: ORIGIN } })))).toBe(401);
    // Reads are not checked.
    expect(await status(handler(request("GET", { headers: { origin: "https://evil.example" } })))).toBe(401);
  });

  it("never asks a bearer-token write for a same-site origin", async () => {
    const handler = route({ auth: "admin" }, ({ caller }) => NextResponse.json({ kind: caller.kind }));
    const response = await handler(request("POST", { headers: { ...token, origin: "https://tools.example" } }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ kind: "admin" });
    expect(await status(handler(request("POST")))).toBe(401);
  });

  it("reads and validates the declared body: 415, 413, 400, 422, then the handler", async () => {
    const handler = route({ auth: "none", body: { schema: z.strictObject({ n: z.number() }), maxBytes: 32 } }, ({ body }) =>
      NextResponse.json({ doubled: body.n * 2 }),
    );
    const send = (body: string, type = "application/json") => handler(request("POST", { headers: { "content-type": type }, body }));
    expect(await status(send('{"n":1}', "text/plain"))).toBe(415);
    expect(await status(send(`{"n":${"1".repeat(40)}}`))).toBe(413);
    expect(await status(send('{"n":'))).toBe(400);
    expect(await status(send('{"n":"1"}'))).toBe(422);
    expect(await (await send('{"n":21}')).json()).toEqual({ doubled: 42 });
  });

  it("validates the declared query", async () => {
    const handler = route({ auth: "none", query: z.strictObject({ limit: z.coerce.number().int().max(10) }) }, ({ query }) =>
      NextResponse.json(query),
    );
    expect(await (await handler(request("GET", { query: "?limit=3" }))).json()).toEqual({ limit: 3 });
    expect(await status(handler(request("GET", { query: "?limit=11" })))).toBe(422);
  });

  it("counts the declared bucket and adds its headers; over budget answers 429 with Retry-After", async () => {
    const handler = route({ auth: "none", rateLimit: { address: "session" } }, () => NextResponse.json({}));
    for (let n = 1; n <= 10; n += 1) {
      const response = await handler(request("GET"));
      expect(response.status).toBe(200);
      expect(response.headers.get("X-RateLimit-Remaining")).toBe(String(10 - n));
    }
    const limited = await handler(request("GET"));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
  });

  it("turns an unexpected error into a 500 of the same shape, without details", async () => {
    const handler = route({ auth: "none" }, () => {
      throw new Error("secret detail");
    });
    const response = await handler(request("GET"));
    expect(response.status).toBe(500);
    expect(JSON.stringify(await response.json())).not.toContain("secret detail");
  });
});
