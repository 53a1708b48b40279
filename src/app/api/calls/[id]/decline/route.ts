import { callAnswerRoute } from "@/server/calls/call-routes";

/** `POST /api/calls/{id}/decline` (a participant of the call; see call-routes.ts). */
export const POST = callAnswerRoute("decline");
