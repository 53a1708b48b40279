/**
 * CoachPro's realtime hooks in one place: the tab's pusher-js client and its
 * connection state, shared channel subscriptions, and the chat, presence,
 * typing and leaderboard hooks built on them.
 */
export { useRealtime as usePusher } from "@/providers/realtime-provider";
export { useChannelEvent, useChannelEvents, type EventHandler } from "./use-channel-event";
export { ChatIdentityError, useChat, type UseChatOptions } from "./use-chat";
export { useLeaderboard, type UseLeaderboardOptions } from "./use-leaderboard";
export { usePresence, useTyping, type OnlineMember } from "./use-presence";
