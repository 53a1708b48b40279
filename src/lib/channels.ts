/** Channel and event names: the contracts of DESIGN.md "Channels and events". */
export const CHANNELS = {
  chat: "chat-channel",
  leaderboard: "leaderboard-channel",
  presenceChat: "presence-chat",
  notifications: "notification-channel",
  progress: "progress-channel",
  admin: "admin-channel",
} as const;

export const EVENTS = {
  newMessage: "new-message",
  rankingUpdate: "ranking-update",
  typing: "client-typing",
  scoreChanged: "score-changed",
  mention: "mention",
  notification: "notification",
  announcement: "announcement",
  progressUpdate: "progress-update",
  classUpdate: "class-update",
  attendance: "attendance",
} as const;

/** The private channel carrying one user's notifications. */
export function userChannel(userId: string): string {
  return `private-user-${userId}`;
}

/** The channel of one class, e.g. `class-u12-channel`. */
export function classChannel(classId: string): string {
  return `class-${classId}-channel`;
}
