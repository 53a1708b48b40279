import { NextResponse } from "next/server";

import { awardSummaryQuerySchema } from "@/lib/schemas";
import { route } from "@/server/http";
import { athleteFor, awardSummary } from "@/server/leaderboard/award-history";
import { ValidationError } from "@/server/errors";

/** Net points per day over the last `days` (30) days for a small chart: an athlete's own, or anyone's for coaches. */
export const GET = route({ auth: "reader", rateLimit: { user: "awardHistory", admin: "admin" }, query: awardSummaryQuerySchema }, async ({ query, caller }) => {
  const athlete = athleteFor(caller, query.athlete);
  if (athlete === undefined) throw new ValidationError([{ path: "athlete", message: "Name the athlete." }]);
  return NextResponse.json(await awardSummary(athlete, query.days), { headers: { "Cache-Control": "no-store" } });
});
