import fc from "fast-check";
import type { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { GET as activity } from "@/app/api/activity/route";
import { POST as announce } from "@/app/api/announcements/route";
import { POST as chatPin } from "@/app/api/chat/pins/route";
import { GET as chatReactors, POST as chatReact } from "@/app/api/chat/reactions/route";
import { POST as chatRead } from "@/app/api/chat/read/route";
import { GET as chatReads } from "@/app/api/chat/reads/route";
import { DELETE as chatDelete, PATCH as chatEdit, GET as chatHistory, POST as chatPost } from "@/app/api/chat/route";
import { GET as health } from "@/app/api/health/route";
import { DELETE as boardDelete, GET as boardGet, POST as boardPost } from "@/app/api/leaderboard/route";
import { POST as authorize } from "@/app/api/pusher/auth/route";
import { POST as trigger } from "@/app/api/pusher/route";
import { DELETE as signOut, GET as me, POST as join } from "@/app/api/session/route";
import { GET as users } from "@/app/api/users/route";
import type { RealtimeServer } from "@/realtime-server/server";
import { setRateLimiterFactory } from "@/server/rate-limit";

import { ADMIN_TOKEN, makeRequest, resetApp, restoreEnvironment, sessionCookieOf } from "../support/app";
import { startEmbedded } from "../support/realtime";

type Route = (request: NextRequest, context: undefined) => Promise<Response> | Response;

const ROUTES: [string, string, Route][] = [
  ["POST", "/api/session", join],
  ["GET", "/api/session", me],
  ["DELETE", "/api/session", signOut],
  ["POST", "/api/pusher/auth", authorize],
  ["POST", "/api/pusher", trigger],
  ["POST", "/api/chat", chatPost],
  ["GET", "/api/chat", chatHistory],
  ["PATCH", "/api/chat", chatEdit],
  ["DELETE", "/api/chat", chatDelete],
  ["POST", "/api/chat/reactions", chatReact],
  ["GET", "/api/chat/reactions", chatReactors],
  ["POST", "/api/chat/pins", chatPin],
  ["POST", "/api/chat/read", chatRead],
  ["GET", "/api/chat/reads", chatReads],
  ["POST", "/api/leaderboard", boardPost],
  ["GET", "/api/leaderboard", boardGet],
  ["DELETE", "/api/leaderboard", boardDelete],
  ["POST", "/api/announcements", announce],
  ["GET", "/api/activity", activity],
  ["GET", "/api/users", users],
  ["GET", "/api/health", () => health()],
];

// Values that have broken JSON handlers elsewhere: prototype keys, arrays for
// objects, huge and odd strings, nulls and nested junk.
const hostileValue = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(null, [], {}, "", 0, -1, 1e308, true),
  fc.record({ __proto__: fc.jsonValue(), constructor: fc.jsonValue(), prototype: fc.jsonValue() }),
  fc.record({ name: fc.string({ unit: "binary" }), role: fc.oneof(fc.string(), fc.constant("coach")) }),
  fc.record({ channel: fc.string({ unit: "binary" }), event: fc.string(), data: fc.jsonValue() }),
  fc.record({ socket_id: fc.string(), channel_name: fc.oneof(fc.string(), fc.constant("presence-chat")) }),
  fc.array(fc.record({ name: fc.string() })),
  fc.record({ message: fc.string({ unit: "binary", maxLength: 2100 }), clientMessageId: fc.oneof(fc.string(), fc.constant("c-00000001")) }),
  fc.record({ userId: fc.string(), points: fc.oneof(fc.integer(), fc.double()), name: fc.string() }),
  fc.record({
    messageId: fc.oneof(fc.string(), fc.constantFrom("m1-x", "m99999999999999999-abc", "m0-", "__proto__")),
    message: fc.string({ maxLength: 50 }),
    emoji: fc.oneof(fc.string(), fc.constantFrom("👍", "🔥")),
    on: fc.oneof(fc.boolean(), fc.string()),
    pinned: fc.jsonValue(),
    seq: fc.oneof(fc.integer(), fc.double(), fc.string()),
  }),
  fc.record({ updates: fc.array(fc.record({ userId: fc.string(), points: fc.integer({ min: -5, max: 5 }), name: fc.string() }), { maxLength: 120 }) }),
  fc.string({ unit: "binary", maxLength: 2000 }).map((text) => ({ name: `\u0000${text}\uFFFF`, role: "athlete" })),
);

const hostileBody = fc.oneof(
  hostileValue.map((value) => JSON.stringify(value) ?? "null"),
  fc.string({ unit: "binary", maxLength: 500 }),
  fc.constantFrom("{", "[", '{"name":', "\u0000", "null", '{"__proto__":{"admin":true}}', "a".repeat(70_000)),
);

const hostileQuery = fc.oneof(
  fc.constant(""),
  fc.constantFrom("?limit=abc", "?limit=1e9", "?after=-1", "?before=0x10", "?around=__proto__", "?userId=%00", "?channel=../admin", "?channel=constructor", "?limit=5&limit=6"),
  fc.constantFrom("?changesSince=-1", "?changesSince=1e400", "?messageId=m1-x&emoji=%F0%9F%94%A5", "?messageId=__proto__", "?messageId=m1-x&emoji=x"),
  fc.string({ maxLength: 40 }).map((text) => `?${encodeURIComponent(text)}=${encodeURIComponent(text)}`),
);

const contentType = fc.constantFrom(
  "application/json",
  "application/x-www-form-urlencoded",
  "text/plain",
  "application/json; charset=utf-8",
  "",
  "multipart/form-data; boundary=x",
);

describe("hostile input", () => {
  let server: RealtimeServer;
  let cookie: string;

  beforeAll(async () => {
    server = await startEmbedded();
    resetApp({ REALTIME_PORT: String(server.port) });
    // Limits would turn later runs into 429s and hide what the handlers do with the body.
    setRateLimiterFactory(undefined);
    cookie = sessionCookieOf(await join(makeRequest("/api/session", { json: { name: "Ana", role: "athlete" } }), undefined));
  });
  afterAll(async () => {
    await server.close();
    restoreEnvironment();
  });

  it("answers every route with a 2xx or 4xx, never a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        hostileBody,
        contentType,
        fc.boolean(),
        fc.boolean(),
        hostileQuery,
        async ([method, path, handler], body, type, withCookie, withToken, query) => {
          resetApp({ REALTIME_PORT: String(server.port) });
          const headers: Record<string, string> = {};
          if (type) headers["content-type"] = type;
          if (withToken) headers.authorization = `Bearer ${ADMIN_TOKEN}`;
          const request = makeRequest(`${path}${query}`, {
            method,
            body: method === "GET" ? undefined : body,
            headers,
            cookie: withCookie ? cookie : undefined,
          });
          const response = await handler(request, undefined);
          expect(response.status, `${method} ${path} with ${JSON.stringify(body).slice(0, 200)}`).toBeLessThan(500);
          const text = await response.text();
          if (response.status >= 400) expect(JSON.parse(text)).toHaveProperty("error.code");
        },
      ),
      { numRuns: 400 },
    );
  });

  it("still answers normally afterwards", async () => {
    const response = await join(makeRequest("/api/session", { json: { name: "Ben", role: "athlete" } }), undefined);
    expect(response.status).toBe(201);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });
});
