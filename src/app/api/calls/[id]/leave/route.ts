import { callAnswerRoute } from "@/server/calls/call-routes";

/** `POST /api/calls/{id}/leave` (a participant of the call; see call-routes.ts). */
export const POST = callAnswerRoute("leave");
