import { NextResponse } from "next/server";

import {
  idempotencyKeySchema,
  leaderboardDeleteQuerySchema,
  leaderboardPostSchema,
  leaderboardQuerySchema,
} from "@/lib/schemas";
import { parseWith, route } from "@/server/http";
import { ADMIN_GIVER } from "@/server/leaderboard/awards";
import {
  applyScoreUpdates,
  readLeaderboard,
  removeAthlete,
  resetLeaderboard,
} from "@/server/leaderboard/leaderboard-service";

/**
 * One board's top athletes (`?window=day|week|month|all&classId=&limit=`, plus
 * the viewer's own row as `me`; `&movement=day|week|month` adds rank movement
 * over that period), or one athlete's neighbourhood (`?around=userId`), with
 * the store's epoch.
 */
export const GET = route({ auth: "reader", query: leaderboardQuerySchema }, async ({ query, user }) =>
  NextResponse.json(await readLeaderboard(query, user?.id), { headers: { "Cache-Control": "no-store" } }),
);

/** Awards points: `{ userId, points, name?, reason?, classId? }` or `{ updates: [...] }`; admin token or coach. Answers the team board's update and the awards recorded. */
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
    const by = caller.kind === "admin" ? ADMIN_GIVER : { coachId: caller.user.id, coachName: caller.user.name };
    return NextResponse.json(await applyScoreUpdates("updates" in body ? body.updates : [body], key, by));
  },
);

/** Admin: `?userId=` removes one athlete; without it, resets the board. */
export const DELETE = route(
  { auth: "admin", rateLimit: { admin: "admin" }, query: leaderboardDeleteQuerySchema },
  async ({ query: { userId } }) => NextResponse.json(userId === undefined ? await resetLeaderboard() : await removeAthlete(userId)),
);
