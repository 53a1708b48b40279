import { beforeEach, describe, expect, it } from "vitest";

import type { ChatItem, PendingMessage } from "@/hooks/chat-state";

import { buildRows, dayLabel, GROUP_WITHIN_MS, type ChatRow } from "./chat-rows";

const NOW = new Date(2026, 11, 3, 15, 0);
let seq = 0;

function sent(userId: string, at: Date, extra: Partial<ChatItem> = {}): ChatItem {
  seq += 1;
  return { id: `m${seq}`, seq, userId, user: userId.toUpperCase(), message: `text ${seq}`, timestamp: at.toISOString(), status: "sent", ...extra } as ChatItem;
}

function pending(userId: string, at: Date, status: PendingMessage["status"] = "sending"): ChatItem {
  seq += 1;
  return { clientMessageId: `c${seq}`, userId, user: userId.toUpperCase(), message: `pending ${seq}`, timestamp: at.toISOString(), status };
}

const minutes = (count: number, from = NOW) => new Date(from.getTime() + count * 60_000);

/** A compact picture of the rows: "Today", "—new—", or "ana>" (group start) / "ana" (continued), "|" after a group end. */
function picture(rows: ChatRow[]): string[] {
  return rows.map((row) => {
    if (row.kind === "day") return row.label;
    if (row.kind === "unread") return "—new—";
    return `${row.item.userId}${row.groupStart ? ">" : ""}${row.groupEnd ? "|" : ""}`;
  });
}

describe("buildRows", () => {
  beforeEach(() => {
    seq = 0;
  });

  it("groups consecutive messages of one person within five minutes", () => {
    const items = [
      sent("ana", minutes(-30)),
      sent("ana", minutes(-28)),
      sent("ana", minutes(-28 + GROUP_WITHIN_MS / 60_000)),
      sent("ben", minutes(-20)),
      sent("ana", minutes(-19)),
      sent("ana", minutes(-10)),
    ];
    expect(picture(buildRows(items, { now: NOW }))).toEqual(["Today", "ana>", "ana", "ana|", "ben>|", "ana>|", "ana>|"]);
  });

  it("keeps grouping right with messages still sending and ones that failed", () => {
    const items = [sent("ana", minutes(-3)), sent("ben", minutes(-2)), pending("ben", minutes(-1)), pending("ben", minutes(0), "failed"), pending("ben", minutes(1))];
    const rows = buildRows(items, { now: NOW, currentUserId: "ben" });
    expect(picture(rows)).toEqual(["Today", "ana>|", "ben>", "ben", "ben", "ben|"]);
    // Confirmed later, the pending one takes its seq and stays in the same group with a stable key for the rest.
    const keys = rows.flatMap((row) => (row.kind === "message" ? [row.key] : []));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.slice(2)).toEqual(["pending-c3", "pending-c4", "pending-c5"]);
  });

  it("starts a new group for your pending message when someone else wrote in between", () => {
    const items = [sent("ben", minutes(-2)), sent("ana", minutes(-1)), pending("ben", minutes(0), "failed")];
    expect(picture(buildRows(items, { now: NOW, currentUserId: "ben" }))).toEqual(["Today", "ben>|", "ana>|", "ben>|"]);
  });

  it("puts a separator at each new day and never groups across one", () => {
    const lateYesterday = new Date(2026, 11, 2, 23, 58);
    const items = [sent("ana", new Date(2026, 10, 20, 9, 0)), sent("ana", lateYesterday), sent("ana", minutes(3, lateYesterday)), sent("ana", minutes(-1))];
    const rows = buildRows(items, { now: NOW });
    // 23:58 and 00:01 are three minutes apart, but on two days: two groups.
    expect(picture(rows)).toEqual([dayLabel(new Date(2026, 10, 20), NOW), "ana>|", "Yesterday", "ana>|", "Today", "ana>|", "ana>|"]);
    expect(rows[0]).toMatchObject({ kind: "day", dateTime: expect.stringMatching(/^2026-11-\d\d$/) });
  });

  it("draws the New-messages line before the first unread message from someone else, once", () => {
    const items = [sent("ana", minutes(-5)), sent("ben", minutes(-4)), sent("ben", minutes(-3)), sent("ana", minutes(-2))];
    const lastRead = items[0]!.status === "sent" ? items[0]!.seq : 0;
    expect(picture(buildRows(items, { now: NOW, unreadAfterSeq: lastRead, currentUserId: "ana" }))).toEqual([
      "Today",
      "ana>|",
      "—new—",
      "ben>",
      "ben|",
      "ana>|",
    ]);
    // Your own messages past the read position are not "new" to you: the line goes before the next one from someone else.
    expect(picture(buildRows(items, { now: NOW, unreadAfterSeq: lastRead, currentUserId: "ben" }))).toEqual([
      "Today",
      "ana>|",
      "ben>",
      "ben|",
      "—new—",
      "ana>|",
    ]);
    // Nothing unread, or no read position: no line.
    expect(picture(buildRows(items, { now: NOW, unreadAfterSeq: 99, currentUserId: "ana" }))).not.toContain("—new—");
    expect(picture(buildRows(items, { now: NOW, currentUserId: "ana" }))).not.toContain("—new—");
  });

  it("breaks a group at the New-messages line", () => {
    const items = [sent("ben", minutes(-3)), sent("ben", minutes(-2))];
    const first = items[0]!.status === "sent" ? items[0]!.seq : 0;
    expect(picture(buildRows(items, { now: NOW, unreadAfterSeq: first, currentUserId: "ana" }))).toEqual(["Today", "ben>|", "—new—", "ben>|"]);
  });

  it("survives a timestamp that is not a date", () => {
    const rows = buildRows([sent("ana", NOW, { timestamp: "not a date" }), sent("ana", NOW)], { now: NOW });
    expect(rows.filter((row) => row.kind === "message")).toHaveLength(2);
  });
});

describe("dayLabel", () => {
  it("says Today, Yesterday, then the date (with the year only when it is another year)", () => {
    expect(dayLabel(new Date(2026, 11, 3, 0, 1), NOW)).toBe("Today");
    expect(dayLabel(new Date(2026, 11, 2, 23, 59), NOW)).toBe("Yesterday");
    const older = dayLabel(new Date(2026, 10, 20), NOW);
    expect(older).toMatch(/20/);
    expect(older).not.toMatch(/2026/);
    expect(dayLabel(new Date(2025, 11, 31), NOW)).toMatch(/2025/);
  });
});
