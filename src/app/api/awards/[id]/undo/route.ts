import { NextResponse } from "next/server";

import { awardIdSchema } from "@/lib/schemas";
import { parseWith, route } from "@/server/http";
import { ADMIN_GIVER } from "@/server/leaderboard/awards";
import { undoAward } from "@/server/leaderboard/leaderboard-service";

/**
 * Undoes an award with a compensating one (coach or admin). Idempotent:
 * repeating it answers the same compensating award (`replayed: true`).
 */
export const POST = route(
  { auth: "coach", coachOnly: "Only coaches can undo awards.", rateLimit: { admin: "admin", user: "scores" } },
  async ({ request, caller }) => {
    // /api/awards/{id}/undo: the id is the segment before "undo".
    const segments = new URL(request.url).pathname.split("/");
    const id = parseWith(awardIdSchema, decodeURIComponent(segments[segments.length - 2] ?? ""));
    const by = caller.kind === "admin" ? ADMIN_GIVER : { coachId: caller.user.id, coachName: caller.user.name };
    return NextResponse.json(await undoAward(id, by));
  },
);
