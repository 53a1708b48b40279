import { NextResponse } from "next/server";

import { usersQuerySchema } from "@/lib/schemas";
import { route } from "@/server/http";
import { searchUsers } from "@/server/users/user-directory";

/** Team members whose name starts with `?q=` (any case), by name: `{ users: [{ id, name, role }] }`. */
export const GET = route({ auth: "session", rateLimit: { user: "users" }, query: usersQuerySchema }, async ({ query }) =>
  NextResponse.json({ users: await searchUsers(query.q, query.limit) }, { headers: { "Cache-Control": "no-store" } }),
);
