import { awardsQuerySchema } from "@/lib/schemas";
import { route } from "@/server/http";
import { awardsCsv, csvResponse } from "@/server/leaderboard/award-history";

/** The award history as CSV, with the filters of /api/awards; coaches and the admin token only. */
export const GET = route({ auth: "coach", coachOnly: "Only coaches can download the award history.", rateLimit: { user: "awardHistory", admin: "admin" }, query: awardsQuerySchema }, async ({ query, caller }) => {
  const { format: _format, limit: _limit, cursor: _cursor, ...filters } = query;
  return csvResponse(await awardsCsv(filters, caller));
});
