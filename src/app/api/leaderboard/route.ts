import { NextResponse, type NextRequest } from "next/server";

import {
  idempotencyKeySchema,
  leaderboardDeleteQuerySchema,
  leaderboardPostSchema,
  leaderboardQuerySchema,
} from "@/lib/schemas";
import { requireAdminToken, requireReader, requireScoreAuthority } from "@/server/guards";
import { parseWith, readJson, readQuery, route } from "@/server/http";
import {
  applyScoreUpdates,
  readLeaderboard,
  removeAthlete,
  resetLeaderboard,
} from "@/server/leaderboard/leaderboard-service";
import { takeRateLimit } from "@/server/rate-limit";

/** The top athletes (`?limit=`), or one athlete's neighbourhood (`?around=userId`). */
export const GET = route(async (request: NextRequest) => {
  await requireReader(request);
  const page = readLeaderboard(readQuery(request, leaderboardQuerySchema));
  return NextResponse.json(page, { headers: { "Cache-Control": "no-store" } });
});

/** Adds points: `{ userId, points, name?, reason? }` or `{ updates: [...] }`; admin token or coach. */
export const POST = route(async (request: NextRequest) => {
  const authority = await requireScoreAuthority(request);
  const limits = await takeRateLimit(authority.kind === "admin" ? "admin" : "scores", authority.key);
  const body = await readJson(request, leaderboardPostSchema);
  const header = request.headers.get("idempotency-key");
  const key = header === null ? undefined : `${authority.key}:${parseWith(idempotencyKeySchema, header)}`;
  const event = await applyScoreUpdates("updates" in body ? body.updates : [body], key);
  return NextResponse.json(event, { headers: limits });
});

/** Admin: `?userId=` removes one athlete; without it, resets the board. */
export const DELETE = route(async (request: NextRequest) => {
  const tokenKey = requireAdminToken(request);
  const limits = await takeRateLimit("admin", tokenKey);
  const { userId } = readQuery(request, leaderboardDeleteQuerySchema);
  const event = userId === undefined ? await resetLeaderboard() : await removeAthlete(userId);
  return NextResponse.json(event, { headers: limits });
});
