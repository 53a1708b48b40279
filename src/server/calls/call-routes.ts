import "server-only";

import { NextResponse } from "next/server";

import { callIdParamSchema } from "@/lib/call-schemas";

import { parseWith, route, type RouteHandler } from "../http";
import { answerCall, joinCall } from "./call-service";

/** The `{id}` of `/api/calls/{id}/{action}`, validated (422 when it is not an id). */
function callIdOf(request: Request): string {
  const segments = new URL(request.url).pathname.split("/");
  return parseWith(callIdParamSchema, decodeURIComponent(segments.at(-2) ?? ""));
}

/**
 * The three answers to a call, one thin route each: `accept` → `{ call,
 * iceServers }`, `decline` and `leave` → `{ call }`. Session only, limited
 * per user; only the call's participants get past the store (403 otherwise).
 */
export function callAnswerRoute(action: "accept" | "decline" | "leave"): RouteHandler {
  return route({ auth: "session", rateLimit: { user: "callAnswers" } }, async ({ user, request }) => {
    const id = callIdOf(request);
    if (action === "accept") return NextResponse.json(await joinCall(user, id));
    return NextResponse.json({ call: await answerCall(user, id, action === "decline" ? "declined" : "left") });
  });
}
