import { describe, expect, it } from "vitest";

import { MAX_LISTED_REACTORS, REACTION_EMOJI } from "@/lib/chat";
import { EVENT_DATA_MAX_BYTES } from "@/lib/limits";
import type { NewMessageEvent } from "@/lib/schemas";

import { fitEvent } from "./chat-events";

const bytes = (data: unknown) => Buffer.byteLength(JSON.stringify(data));
const uuid = (i: number) => `0b0b0b0b-0b0b-0b0b-0b0b-${String(i).padStart(12, "0")}`;

const base: NewMessageEvent = {
  id: "m123456-abcdefghijkl",
  seq: 123456,
  rev: 234567,
  userId: uuid(0),
  user: "🏃".repeat(40),
  message: "🏋".repeat(2000),
  timestamp: "2026-12-03T10:00:00.000Z",
  clientMessageId: "c".repeat(64),
  epoch: "abcdefghijkl",
  replyTo: { id: "m1-abcdefghijkl", seq: 1, userId: uuid(1), user: "🏃".repeat(40), excerpt: `${"🏋".repeat(99)}…` },
};

describe("fitEvent", () => {
  it("sends a message that fits as it is", () => {
    expect(fitEvent(base)).toBe(base);
    expect(bytes(base)).toBeLessThanOrEqual(EVENT_DATA_MAX_BYTES);
  });

  it("lists fewer reactor ids, longest list first, keeping every count, until the longest text with a quote fits", () => {
    const full = { ...base, reactions: REACTION_EMOJI.map((emoji, e) => ({ emoji, count: 30, userIds: Array.from({ length: MAX_LISTED_REACTORS }, (_, i) => uuid(e * 100 + i)) })) };
    expect(bytes(full)).toBeGreaterThan(EVENT_DATA_MAX_BYTES);
    const fitted = fitEvent(full);
    expect(bytes(fitted)).toBeLessThanOrEqual(EVENT_DATA_MAX_BYTES);
    expect(fitted.partial).toBeUndefined();
    expect(fitted.message).toBe(base.message);
    expect(fitted.reactions!.map((r) => r.count)).toEqual(REACTION_EMOJI.map(() => 30));
    const listed = fitted.reactions!.map((r) => r.userIds.length);
    expect(Math.max(...listed) - Math.min(...listed)).toBeLessThanOrEqual(1);
    expect(fitted.reactions![0]!.userIds).toEqual(full.reactions[0]!.userIds.slice(0, listed[0]));
    expect(full.reactions[0]!.userIds).toHaveLength(MAX_LISTED_REACTORS);
  });

  it("sends only the message's place, marked partial, when even that cannot fit (longest text, four files, a quote)", () => {
    const file = { id: "a".repeat(22), name: `${"📄".repeat(120)}.pdf`, type: "application/pdf", size: 1_000_000, url: `/api/files/${"a".repeat(22)}` };
    const huge = { ...base, attachments: [file, file, file, file] } as NewMessageEvent;
    const fitted = fitEvent(huge);
    expect(bytes(fitted)).toBeLessThanOrEqual(EVENT_DATA_MAX_BYTES);
    expect(fitted).toEqual({ id: base.id, seq: base.seq, rev: base.rev, userId: base.userId, user: base.user, message: "", timestamp: base.timestamp, epoch: base.epoch, partial: true });
  });
});
