import { beforeEach, describe, expect, it } from "vitest";

import { GET } from "@/app/api/users/route";
import type { SessionUser } from "@/lib/schemas";
import { clearUsers } from "@/server/users/user-directory";

import { errorOf, makeRequest, resetApp, signIn } from "../support/app";

const search = (cookie: string | undefined, query = "") => GET(makeRequest(`/api/users${query}`, { method: "GET", cookie }), undefined);

describe("GET /api/users", () => {
  beforeEach(() => {
    resetApp();
    clearUsers();
  });

  it("lists signed-in team members whose name starts with q, any case, with their role", async () => {
    const ana = await signIn("Ana");
    const coach = await signIn("Anders", "coach");
    await signIn("Ben");
    const response = await search(ana.cookie, "?q=AN");
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const { users } = (await response.json()) as { users: SessionUser[] };
    expect(users).toEqual([
      { id: ana.user.id, name: "Ana", role: "athlete" },
      { id: coach.user.id, name: "Anders", role: "coach" },
    ]);
    const all = (await (await search(ana.cookie, "?limit=2")).json()) as { users: SessionUser[] };
    expect(all.users.map((user) => user.name)).toEqual(["Ana", "Anders"]);
  });

  it("needs a session", async () => {
    const response = await search(undefined, "?q=a");
    expect(response.status).toBe(401);
  });

  it("refuses a bad query with 422 and never 500", async () => {
    const ana = await signIn("Ana");
    for (const query of [`?q=${"x".repeat(41)}`, "?limit=0", "?limit=21", "?limit=abc", "?other=1"]) {
      const response = await search(ana.cookie, query);
      expect(response.status, query).toBe(422);
      expect((await errorOf(response)).code).toBeTruthy();
    }
    const hostile = await search(ana.cookie, `?q=${encodeURIComponent("[\u0000*(")}`);
    expect(hostile.status).toBe(200);
    expect(((await hostile.json()) as { users: SessionUser[] }).users).toEqual([]);
  });

  it("limits each user to 120 look-ups a minute", async () => {
    const ana = await signIn("Ana");
    for (let i = 0; i < 120; i += 1) expect((await search(ana.cookie, "?q=a")).status).toBe(200);
    const refused = await search(ana.cookie, "?q=a");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Retry-After")).toBeTruthy();
  });
});
