import { NextResponse } from "next/server";

import {
  idempotencyKeySchema,
  leaderboardDeleteQuerySchema,
  leaderboardPostSchema,
  leaderboardQuerySchema,
} from "@/lib/schemas";
import { parseWith, route } from "@/server/http";
import {
  applyScoreUpdates,
  readLeaderboard,
  removeAthlete,
  resetLeaderboard,
} from "@/server/leaderboard/leaderboard-service";

/** The top athletes (`?limit=`, plus the viewer's own row as `me`), or one athlete's neighbourhood (`?around=userId`), with the store's epoch. */
export const GET = route({ auth: "reader", query: leaderboardQuerySchema }, async ({ query, user }) =>
  NextResponse.json(await readLeaderboard(query, user?.id), { headers: { "Cache-Control": "no-store" } }),
);

/** Adds points: `{ userId, points, name?, reason? }` or `{ updates: [...] }`; admin token or coach. */
export const POST = route(
  {
    auth: "coach",
    coachOnly: "Only coaches can award points.",
    rateLimit: { admin: "admin", user: "scores" },
    body: { schema: leaderboardPostSchema },
  },
  async ({ request, caller, body }) => {
    const header = request.headers.get("idempotency-key");
    const who = caller.kind === "admin" ? caller.key : caller.user.id;
    const key = header === null ? undefined : `${who}:${parseWith(idempotencyKeySchema, header)}`;
    return NextResponse.json(await applyScoreUpdates("updates" in body ? body.updates : [body], key));
  },
);

/** Admin: `?userId=` removes one athlete; without it, resets the board. */
export const DELETE = route(
  { auth: "admin", rateLimit: { admin: "admin" }, query: leaderboardDeleteQuerySchema },
  async ({ query: { userId } }) => NextResponse.json(userId === undefined ? await resetLeaderboard() : await removeAthlete(userId)),
);
