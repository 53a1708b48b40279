import { NextResponse } from "next/server";

import { awardsQuerySchema } from "@/lib/schemas";
import { route } from "@/server/http";
import { awardsCsv, csvResponse, listAwards } from "@/server/leaderboard/award-history";

/**
 * The award history, newest first: `?athlete=&coach=&from=&to=&limit=&cursor=`.
 * Coaches (and the admin token) see every award; an athlete only their own.
 * `?format=csv` downloads it as CSV (coaches only), like /api/awards.csv.
 */
export const GET = route({ auth: "reader", rateLimit: { user: "awardHistory", admin: "admin" }, query: awardsQuerySchema }, async ({ query, caller }) => {
  const { format, ...filters } = query;
  if (format === "csv") return csvResponse(await awardsCsv(filters, caller));
  return NextResponse.json(await listAwards(filters, caller), { headers: { "Cache-Control": "no-store" } });
});
