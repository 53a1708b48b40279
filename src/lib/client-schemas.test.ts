import { describe, expect, it } from "vitest";

import * as server from "./app-events";
import * as client from "./client-schemas";
import { monitorSnapshotSchema as clientMonitor } from "./client-monitor";
import { monitorSnapshotSchema as serverMonitor } from "./monitor";
import * as schemas from "./schemas";

const entry = { userId: "sam", name: "Sam", score: 50, rank: 1, previousRank: null, change: null };
const message = { id: "m1", seq: 1, userId: "u", user: "Ana", message: "Hi", timestamp: "2026-12-03T08:00:00.000Z" };
const attachment = { id: "AAAAAAAAAAAAAAAAAAAAAA", name: "bar.jpg", type: "image/jpeg", size: 2048, width: 640, height: 480, url: "/api/files/AAAAAAAAAAAAAAAAAAAAAA", thumbUrl: "/api/files/AAAAAAAAAAAAAAAAAAAAAA/thumb" };
const pin = { id: "m1", seq: 1, userId: "u", user: "Ana", excerpt: "Hi", pinnedBy: "Cora", pinnedAt: "2026-12-03T08:00:00.000Z" };
const snapshot = {
  mode: "embedded",
  takenAt: "t",
  app: { apiCalls: 1, apiFailures: 0, triggers: 2, triggerFailures: 0, channelAuths: 3, channelAuthRefusals: 0 },
  realtime: { connections: 1, peakConnections: 2, channels: 3, subscriptions: 4, messagesIn: 5, messagesOut: 6, apiCalls: 7, errors: 0, uptimeSeconds: 9 },
  occupancy: [{ channel: "chat-channel", occupied: true, subscriptionCount: 2 }],
  store: { kind: "redis", up: true },
  chat: { messagesLastMinute: 4, capped: false },
};

/** Each pair: the server's zod schema and the browser's zod/mini one, and samples both must judge alike. */
const cases: [string, { safeParse(value: unknown): { success: boolean; data?: unknown } }, { safeParse(value: unknown): { success: boolean; data?: unknown } }, unknown[]][] = [
  ["role", schemas.roleSchema, client.roleSchema, ["athlete", "coach", "admin", 1, null]],
  [
    "session request",
    schemas.sessionRequestSchema,
    client.sessionRequestSchema,
    [
      { name: "  Ana  ", role: "athlete" },
      { name: "Cora", role: "coach", accessCode: "x" },
      { name: "", role: "athlete" },
      { name: "x".repeat(40), role: "athlete" },
      { name: "x".repeat(41), role: "athlete" },
      { name: "🏃".repeat(40), role: "athlete" },
      { name: "a\u202Eb", role: "athlete" },
      { name: "Ana", role: "athlete", extra: 1 },
      { name: "Ana", role: "coach", accessCode: "x".repeat(201) },
      { name: 5, role: "athlete" },
    ],
  ],
  [
    "users page",
    schemas.usersPageSchema,
    client.usersPageSchema,
    [{ users: [{ id: "u1", name: "Ana", role: "coach" }] }, { users: [] }, { users: [{ id: "", name: "Ana", role: "coach" }] }, { users: [{ id: "u1", name: "Ana", role: "admin" }] }, {}],
  ],
  ["channel id", schemas.channelIdSchema, client.channelIdSchema, ["u12-girls", "a b", "", "x".repeat(64), "x".repeat(65)]],
  ["message text", schemas.messageTextSchema, client.messageTextSchema, ["  hi  ", " ", "x".repeat(2000), "x".repeat(2001), "a\u0007", "line\nbreak\ttab", 3]],
  ["chat message", schemas.chatMessageSchema, client.chatMessageSchema, [message, { ...message, clientMessageId: "c-12345678" }, { ...message, seq: 1.5 }, { ...message, id: 5 }, null]],
  ["chat page", schemas.chatPageSchema, client.chatPageSchema, [{ messages: [message], hasMore: false }, { messages: [message] }, { messages: [{}], hasMore: true }]],
  [
    "chat history",
    schemas.chatHistorySchema,
    client.chatHistorySchema,
    [{ messages: [message], hasMore: false, epoch: "e1" }, { messages: [message], hasMore: false }, { messages: [message], hasMore: false, epoch: "" }],
  ],
  ["new message event", schemas.newMessageEventSchema, client.newMessageEventSchema, [{ ...message, epoch: "e1" }, message, { ...message, epoch: 5 }]],
  [
    "changed chat message",
    schemas.chatMessageSchema,
    client.chatMessageSchema,
    [
      { ...message, rev: 4, editedAt: "2026-12-03T08:01:00.000Z", replyTo: { id: "m0-e", seq: 0, userId: "b", user: "Ben", excerpt: "yo" } },
      { ...message, rev: 5, message: "", deleted: true },
      { ...message, rev: 6, reactions: [{ emoji: "👍", count: 2, userIds: ["u", "v"] }] },
      { ...message, deleted: false },
      { ...message, rev: -1 },
      { ...message, reactions: [{ emoji: "👍", count: 0, userIds: [] }] },
      { ...message, replyTo: { id: "m0-e", seq: 0 } },
    ],
  ],
  [
    "message with attachments",
    schemas.chatMessageSchema,
    client.chatMessageSchema,
    [
      { ...message, attachments: [attachment, { ...attachment, id: "BBBBBBBBBBBBBBBBBBBBBB", url: "/api/files/BBBBBBBBBBBBBBBBBBBBBB", type: "application/pdf", width: undefined, height: undefined, thumbUrl: undefined }] },
      { ...message, attachments: [] },
      { ...message, attachments: Array.from({ length: 5 }, () => attachment) },
      { ...message, attachments: [{ ...attachment, url: "https://evil.example/x" }] },
      { ...message, attachments: [{ ...attachment, thumbUrl: "/api/files/../../x/thumb" }] },
      { ...message, attachments: [{ ...attachment, id: "../etc" }] },
      { ...message, attachments: [{ ...attachment, size: 0 }] },
    ],
  ],
  [
    "message updated event",
    schemas.messageUpdatedEventSchema,
    client.messageUpdatedEventSchema,
    [{ ...message, rev: 2, epoch: "e1" }, { ...message, rev: 2 }, { ...message, rev: 2, epoch: "e1", partial: true }, { ...message, epoch: "e1", partial: false }],
  ],
  [
    "chat history with rev, pins, reads and changes",
    schemas.chatHistorySchema,
    client.chatHistorySchema,
    [
      { messages: [message], hasMore: false, epoch: "e1", rev: 3, pins: [pin], lastReadSeq: 1, changes: [message] },
      { messages: [], hasMore: false, epoch: "e1", rev: 3, reload: true },
      { messages: [], hasMore: false, epoch: "e1", rev: 3, reload: false },
      { messages: [], hasMore: false, epoch: "e1", pins: [{ ...pin, pinnedBy: 1 }] },
    ],
  ],
  ["pins updated", schemas.pinsUpdatedEventSchema, client.pinsUpdatedEventSchema, [{ pins: [pin], rev: 1, epoch: "e1" }, { pins: [], rev: 1, epoch: "e1" }, { pins: [pin], epoch: "e1" }]],
  ["read updated", schemas.readUpdatedEventSchema, client.readUpdatedEventSchema, [{ lastReadSeq: 3, epoch: "e1" }, { lastReadSeq: -1, epoch: "e1" }, { lastReadSeq: 3 }]],
  ["reads updated", schemas.readsUpdatedEventSchema, client.readsUpdatedEventSchema, [{ userId: "u", name: "Ana", seq: 2, epoch: "e1" }, { userId: "u", seq: 2, epoch: "e1" }]],
  ["reads", schemas.readsResponseSchema, client.readsResponseSchema, [{ reads: [{ userId: "u", name: "Ana", seq: 2 }], epoch: "e1" }, { reads: [{ userId: "u", name: "Ana", seq: 1.5 }], epoch: "e1" }]],
  ["reactors", schemas.reactorsResponseSchema, client.reactorsResponseSchema, [{ emoji: "👍", count: 1, users: [{ id: "u", name: "Ana" }] }, { emoji: "👍", count: 1, users: [{ id: "u" }] }]],
  [
    "leaderboard page",
    schemas.leaderboardPageSchema,
    client.leaderboardPageSchema,
    [
      { leaderboard: [entry], epoch: "e1", total: 1, version: 3, updatedAt: "t" },
      { leaderboard: [{ ...entry, rank: "1" }], epoch: "e1", total: 1, version: 3, updatedAt: "t" },
      { leaderboard: [entry], total: 1, version: 3, updatedAt: "t" },
      { leaderboard: [entry], epoch: "", total: 1, version: 3, updatedAt: "t" },
    ],
  ],
  [
    "ranking update",
    schemas.rankingUpdateSchema,
    client.rankingUpdateSchema,
    [
      { leaderboard: [entry], epoch: "e1", version: 1, updatedAt: "t", changes: [entry], total: 1 },
      { leaderboard: [entry], epoch: "e1", version: 1, updatedAt: "t", changes: [entry], total: 1, truncated: true },
      { leaderboard: [entry], epoch: "e1", version: 1, updatedAt: "t", changes: [entry], total: 1, truncated: false },
      { leaderboard: [entry], epoch: "e1", version: 1, updatedAt: "t", changes: [entry], total: -1 },
      { leaderboard: [entry], epoch: "e1", version: 1, updatedAt: "t", changes: [entry] },
      { leaderboard: [entry], version: 1, updatedAt: "t", changes: [entry], total: 1 },
    ],
  ],
  ["score changed", schemas.scoreChangedSchema, client.scoreChangedSchema, [{ points: 5, score: 5, rank: 1, previousRank: 2, change: 1 }, { points: 5, score: 5, rank: 1, previousRank: 2 }]],
  [
    "leaderboard page with board, period and movement",
    schemas.leaderboardPageSchema,
    client.leaderboardPageSchema,
    [
      { leaderboard: [{ ...entry, periodRank: 2, movement: 1 }], epoch: "e1", total: 1, version: 3, updatedAt: "t", board: { window: "day" }, period: { start: "s", end: "e" } },
      { leaderboard: [{ ...entry, periodRank: null, movement: null }], epoch: "e1", total: 1, version: 3, updatedAt: "t", movementPeriod: { window: "week", start: "s", end: "e" } },
      { leaderboard: [entry], epoch: "e1", total: 1, version: 3, updatedAt: "t", board: { window: "year" } },
      { leaderboard: [{ ...entry, movement: 1.5 }], epoch: "e1", total: 1, version: 3, updatedAt: "t" },
      { leaderboard: [entry], epoch: "e1", total: 1, version: 3, updatedAt: "t", movementPeriod: { window: "all", start: "s", end: "e" } },
    ],
  ],
  [
    "ranking update with board",
    schemas.rankingUpdateSchema,
    client.rankingUpdateSchema,
    [
      { leaderboard: [entry], epoch: "e1", version: 2, updatedAt: "t", changes: [], total: 1, board: { window: "week", classId: "u12" }, period: { start: "s", end: "e" } },
      { leaderboard: [entry], epoch: "e1", version: 2, updatedAt: "t", changes: [], total: 1, board: { classId: "u12" } },
    ],
  ],
  [
    "award",
    schemas.awardSchema,
    client.awardSchema,
    [
      { id: "a1", seq: 1, athleteId: "ana", athleteName: "Ana", points: 5, coachId: "admin", coachName: "Admin", at: "t" },
      { id: "a2", seq: 2, athleteId: "ana", athleteName: "Ana", points: -5, reason: "PR", classId: "u12", coachId: "c", coachName: "C", at: "t", undoOf: "a1" },
      { id: "a1", seq: 1.5, athleteId: "ana", athleteName: "Ana", points: 5, coachId: "admin", coachName: "Admin", at: "t" },
      { id: "a1", seq: 1, athleteId: "ana", athleteName: "Ana", points: 5, coachName: "Admin", at: "t" },
    ],
  ],
  [
    "awards page",
    schemas.awardsPageSchema,
    client.awardsPageSchema,
    [{ awards: [], nextCursor: null }, { awards: [], nextCursor: "12" }, { awards: [] }],
  ],
  [
    "award summary",
    schemas.awardSummarySchema,
    client.awardSummarySchema,
    [{ athleteId: "a", days: [{ date: "2026-12-03", points: 5, awards: 1 }], total: 5, timeZone: "UTC" }, { athleteId: "a", days: [{ date: "d", points: 0.5, awards: 1 }], total: 5, timeZone: "UTC" }],
  ],
  ["announcement request", schemas.announcementRequestSchema, client.announcementRequestSchema, [{ message: " Practice at 6 " }, { message: "  " }, { message: "x".repeat(501) }, { message: "x", other: 1 }]],
  [
    "notification",
    server.notificationSchema,
    client.notificationSchema,
    [
      { title: " Hi " },
      { title: "Hi", level: "warning", body: "b", id: "n1", sentAt: "2026-12-03T08:00:00.000Z" },
      { title: "Hi", sentAt: "2026-12-03T08:00:00Z" },
      { title: "Hi", sentAt: "2026-12-03 08:00" },
      { title: "Hi", sentAt: "2026-12-03T08:00:00+01:00" },
      { title: "Hi", level: "loud" },
      { title: "" },
      { title: "Hi", extra: true },
    ],
  ],
  ["announcement", server.announcementSchema, client.announcementSchema, [{ message: "m", author: "Cora" }, { message: "" }, { message: "m", author: "x".repeat(41) }]],
  ["progress update", server.progressUpdateSchema, client.progressUpdateSchema, [{ athlete: "Ana", metric: "100 m", value: 12.4, unit: "s" }, { athlete: "Ana", metric: "100 m", value: "12" }]],
  ["class update", server.classUpdateSchema, client.classUpdateSchema, [{ title: "Moved", message: "to 6 pm" }, { title: "" }]],
  ["attendance", server.attendanceSchema, client.attendanceSchema, [{ present: 3, total: 5 }, { present: 6, total: 5 }, { present: -1, total: 5 }]],
  ["mention", server.mentionSchema, client.mentionSchema, [{ messageId: "m1", seq: 1, from: "Ben", excerpt: "hi" }, { messageId: "m1", from: "Ben" }]],
  ["activity item", server.activityItemSchema, client.activityItemSchema, [{ id: "a", channel: "c", event: "e", data: { x: 1 }, at: "t" }, { id: "a", channel: "c", event: "e", at: 5 }]],
  ["monitor snapshot", serverMonitor, clientMonitor, [snapshot, { ...snapshot, realtime: null }, { ...snapshot, mode: "other" }, { ...snapshot, occupancy: [{ channel: "c" }] }, { ...snapshot, chat: null }, { ...snapshot, store: { kind: "disk", up: true } }, { ...snapshot, chat: { messagesLastMinute: -1, capped: false } }]],
];

describe("the browser's zod/mini schemas judge like the server's zod schemas", () => {
  for (const [name, zod, light, samples] of cases) {
    it(`${name}: same verdict and same output for every sample`, () => {
      for (const sample of samples) {
        const expected = zod.safeParse(sample);
        const actual = light.safeParse(sample);
        expect(actual.success, JSON.stringify(sample)).toBe(expected.success);
        if (expected.success) expect(actual.data).toEqual(expected.data);
      }
    });
  }

  it("says what is wrong in the words the join form shows", () => {
    const result = client.sessionRequestSchema.safeParse({ name: "x".repeat(41), role: "athlete" });
    const issues = result.success ? [] : result.error.issues.map(({ path, message }) => ({ path, message }));
    expect(issues).toEqual([{ path: ["name"], message: "Name must be at most 40 characters." }]);
  });

  it("maps each app channel's events to their schemas", () => {
    expect(client.appEventSchema("progress-channel", "progress-update")).toBe(client.progressUpdateSchema);
    expect(client.appEventSchema("class-u12-channel", "attendance")).toBe(client.attendanceSchema);
    expect(client.appEventSchema("chat-channel", "new-message")).toBeNull();
    expect(client.appEventSchema("progress-channel", "attendance")).toBeNull();
  });
});
