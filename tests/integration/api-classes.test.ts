import { createServer } from "node:net";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { GET as getClass } from "@/app/api/classes/[classId]/route";
import { GET, POST } from "@/app/api/classes/route";
import { POST as channelAuth } from "@/app/api/pusher/auth/route";
import { classListSchema, type ClassInfo } from "@/lib/classes";
import type { SessionUser } from "@/lib/schemas";
import { authorizeChannel } from "@/server/channel-auth";

import { ADMIN_TOKEN, errorOf, makeRequest, resetApp, type RequestOptions, signIn } from "../support/app";
import { type Client, newClient, nextEvent, subscribed, useEmbeddedServer } from "../support/realtime";

const state = globalThis as { __coachproClasses?: unknown };

const start = (json: unknown, options: RequestOptions = {}) => POST(makeRequest("/api/classes", { json, ...options }), undefined);
const list = async (cookie: string) => {
  const response = await GET(makeRequest("/api/classes", { method: "GET", cookie }), undefined);
  expect(response.status).toBe(200);
  return classListSchema.parse(await response.json());
};

let people = 0;
const person = (name: string, role: "athlete" | "coach" = "athlete") => signIn(name, role, { ip: `198.51.100.${(people += 1)}` });

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return typeof address === "object" && address ? address.port : 1;
}

describe("classes", () => {
  const realtime = useEmbeddedServer();
  const clients: Client[] = [];
  const connect = (user: SessionUser) => {
    const client = newClient(realtime.port, async (socketId, channel) => authorizeChannel(user, socketId, channel));
    clients.push(client);
    return client;
  };

  beforeEach(() => {
    delete state.__coachproClasses;
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.disconnect();
  });

  describe("POST /api/classes", () => {
    it("lets a coach start a class: stored, 201, and announced live on classes-channel", async () => {
      const coach = await person("Cora", "coach");
      const watcher = connect((await person("Ana")).user);
      await subscribed(watcher, "classes-channel");
      const announced = nextEvent<ClassInfo>(watcher, "classes-channel", "class-started");

      const response = await start({ title: "  Morning sprints  " }, { cookie: coach.cookie });
      expect(response.status).toBe(201);
      const body = (await response.json()) as { class: ClassInfo; announced: boolean };
      expect(body.announced).toBe(true);
      expect(body.class).toMatchObject({ title: "Morning sprints", createdBy: { id: coach.user.id, name: "Cora" } });
      expect(body.class.id).toMatch(/^morning-sprints-[a-z0-9]{6}$/);
      expect(body.class.startsAt).toBe(body.class.createdAt);
      expect(await announced).toEqual(body.class);
      expect((await list(coach.cookie)).classes.map((c) => c.id)).toEqual([body.class.id]);
    });

    it("keeps a start time, and makes a channel-safe id from any title", async () => {
      const coach = await person("Cora", "coach");
      const at = new Date(Date.now() + 3_600_000);
      at.setMilliseconds(0);
      const response = await start({ title: "Ünïcode — 🏃 only?", startsAt: at.toISOString() }, { cookie: coach.cookie });
      const { class: made } = (await response.json()) as { class: ClassInfo };
      expect(made.startsAt).toBe(at.toISOString());
      expect(made.id).toMatch(/^unicode-only-[a-z0-9]{6}$/);
      const emoji = (await (await start({ title: "🏃🏃" }, { cookie: coach.cookie })).json()) as { class: ClassInfo };
      expect(emoji.class.id).toMatch(/^class-[a-z0-9]{6}$/);
    });

    it("answers 401 signed out and 403 to an athlete, storing nothing", async () => {
      expect((await start({ title: "Nope" })).status).toBe(401);
      const athlete = await person("Ana");
      const refused = await start({ title: "Nope" }, { cookie: athlete.cookie });
      expect(refused.status).toBe(403);
      expect(await errorOf(refused)).toMatchObject({ code: "coach_only", message: "Only coaches can start classes." });
      expect((await list(athlete.cookie)).classes).toEqual([]);
    });

    it("takes the admin token too", async () => {
      const response = await start({ title: "From the office" }, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, origin: null });
      expect(response.status).toBe(201);
      expect(((await response.json()) as { class: ClassInfo }).class.createdBy).toEqual({ id: "admin", name: "Admin" });
    });

    it.each([
      [{ title: "" }, "title"],
      [{ title: "   " }, "title"],
      [{ title: "x".repeat(81) }, "title"],
      [{ title: "a\u202Eb" }, "title"],
      [{ title: 42 }, "title"],
      [{}, "title"],
      [{ title: "Sprints", startsAt: "tomorrow" }, "startsAt"],
      [{ title: "Sprints", startsAt: new Date(Date.now() + 61 * 86_400_000).toISOString() }, "startsAt"],
      [{ title: "Sprints", startsAt: new Date(Date.now() - 2 * 86_400_000).toISOString() }, "startsAt"],
      [{ title: "Sprints", id: "mine" }, ""],
    ])("refuses %j with 422", async (json, path) => {
      const coach = await person("Cora", "coach");
      const response = await start(json, { cookie: coach.cookie });
      expect(response.status).toBe(422);
      expect((await errorOf(response)).issues).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    });

    it("accepts a title of exactly 80 characters (emoji counted as one)", async () => {
      const coach = await person("Cora", "coach");
      expect((await start({ title: "🏃".repeat(80) }, { cookie: coach.cookie })).status).toBe(201);
    });

    it("refuses bad JSON (400), another type (415), a big body (413) and another site (403)", async () => {
      const { cookie } = await person("Cora", "coach");
      const request = (options: RequestOptions) => POST(makeRequest("/api/classes", { cookie, ...options }), undefined);
      expect((await request({ body: "{", headers: { "content-type": "application/json" } })).status).toBe(400);
      expect((await request({ body: "title=x", headers: { "content-type": "text/plain" } })).status).toBe(415);
      expect((await request({ json: { title: "x".repeat(5_000) } })).status).toBe(413);
      expect((await request({ json: { title: "x" }, origin: "https://evil.example" })).status).toBe(403);
    });

    it("answers 429 with Retry-After past 10 starts a minute for one coach, not for another", async () => {
      const cora = await person("Cora", "coach");
      const carl = await person("Carl", "coach");
      for (let n = 1; n <= 10; n += 1) expect((await start({ title: `Class ${n}` }, { cookie: cora.cookie })).status).toBe(201);
      const limited = await start({ title: "One too many" }, { cookie: cora.cookie });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
      expect((await start({ title: "Carl's" }, { cookie: carl.cookie })).status).toBe(201);
    });

    it("gives a retry with the same Idempotency-Key the same class (200), once in the list", async () => {
      const coach = await person("Cora", "coach");
      const headers = { "idempotency-key": "start-class-0001" };
      const first = await start({ title: "Sprints" }, { cookie: coach.cookie, headers });
      const again = await start({ title: "Sprints" }, { cookie: coach.cookie, headers });
      expect(first.status).toBe(201);
      expect(again.status).toBe(200);
      expect(((await again.json()) as { class: ClassInfo }).class).toEqual(((await first.json()) as { class: ClassInfo }).class);
      expect((await list(coach.cookie)).classes).toHaveLength(1);
      expect((await start({ title: "Sprints" }, { cookie: coach.cookie, headers: { "idempotency-key": "no" } })).status).toBe(422);
    });

    it("still stores the class (201, announced: false) when the live service is down", async () => {
      resetApp({ REALTIME_PORT: String(await closedPort()) });
      const coach = await person("Cora", "coach");
      const response = await start({ title: "Offline" }, { cookie: coach.cookie });
      expect(response.status).toBe(201);
      expect(((await response.json()) as { announced: boolean }).announced).toBe(false);
      const listed = await list(coach.cookie);
      expect(listed.classes.map((c) => [c.title, c.live])).toEqual([["Offline", null]]);
      expect(listed.liveError).toBe("Could not see who is live right now.");
    });
  });

  describe("GET /api/classes", () => {
    it("answers 401 signed out and lists nothing at first", async () => {
      expect((await GET(makeRequest("/api/classes", { method: "GET" }), undefined)).status).toBe(401);
      const { cookie } = await person("Ana");
      expect(await list(cookie)).toEqual({ classes: [] });
    });

    it("lists classes newest first with who has each class page open, by name from the session", async () => {
      const coach = await person("Cora", "coach");
      const made: ClassInfo[] = [];
      for (const title of ["Early", "Late"]) made.push(((await (await start({ title }, { cookie: coach.cookie })).json()) as { class: ClassInfo }).class);
      const [early, late] = made;
      const ana = await person("Ana");
      const ben = await person("Ben");
      await subscribed(connect(ana.user), `presence-class-${late!.id}`);
      await subscribed(connect(ben.user), `presence-class-${late!.id}`);
      // A second tab of Ben's counts once.
      await subscribed(connect(ben.user), `presence-class-${late!.id}`);
      await subscribed(connect(coach.user), `presence-class-${early!.id}`);

      const listed = await list(ana.cookie);
      expect(listed.liveError).toBeUndefined();
      expect(listed.classes.map((c) => [c.title, c.live])).toEqual([
        ["Late", { count: 2, names: ["Ana", "Ben"] }],
        ["Early", { count: 1, names: ["Cora"] }],
      ]);
    });

    it("takes ?limit= from 1 to 50 (422 otherwise)", async () => {
      const coach = await person("Cora", "coach");
      for (const title of ["A", "B", "C"]) await start({ title }, { cookie: coach.cookie });
      const page = await GET(makeRequest("/api/classes?limit=2", { method: "GET", cookie: coach.cookie }), undefined);
      expect(classListSchema.parse(await page.json()).classes.map((c) => c.title)).toEqual(["C", "B"]);
      for (const limit of ["0", "51", "x"]) {
        expect((await GET(makeRequest(`/api/classes?limit=${limit}`, { method: "GET", cookie: coach.cookie }), undefined)).status).toBe(422);
      }
    });
  });

  describe("GET /api/classes/{id}", () => {
    it("answers one class with who is live, 404 for an unknown or malformed id", async () => {
      const coach = await person("Cora", "coach");
      const { class: made } = (await (await start({ title: "Solo" }, { cookie: coach.cookie })).json()) as { class: ClassInfo };
      const read = (id: string) => getClass(makeRequest(`/api/classes/${id}`, { method: "GET", cookie: coach.cookie }), undefined);
      const found = await read(made.id);
      expect(found.status).toBe(200);
      expect(await found.json()).toEqual({ class: { ...made, live: { count: 0, names: [] } } });
      expect((await read("nope")).status).toBe(404);
      expect((await read("%E0%A4%A")).status).toBe(404);
      expect((await read("a%20b")).status).toBe(404);
    });
  });

  describe("presence-class-{id} channel authorization", () => {
    const authorize = (form: Record<string, string>, cookie?: string) => channelAuth(makeRequest("/api/pusher/auth", { form, cookie }), undefined);

    it("signs any signed-in member, with the identity from the session", async () => {
      const { user, cookie } = await person("Ana");
      const response = await authorize({ socket_id: "1.2", channel_name: "presence-class-u12-girls", channel_data: '{"user_id":"x"}' }, cookie);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { channel_data: string };
      expect(JSON.parse(body.channel_data)).toEqual({ user_id: user.id, user_info: { name: "Ana", role: "athlete" } });
    });

    it("answers 401 signed out, and 403 for a name that holds no class id", async () => {
      expect((await authorize({ socket_id: "1.2", channel_name: "presence-class-u12" })).status).toBe(401);
      const { cookie } = await person("Ana");
      for (const channel of ["presence-class-", `presence-class-${"x".repeat(65)}`, "presence-classes"]) {
        expect((await authorize({ socket_id: "1.2", channel_name: channel }, cookie)).status, channel).toBe(403);
      }
    });
  });
});
