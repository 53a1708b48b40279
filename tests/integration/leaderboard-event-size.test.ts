import { describe, expect, it } from "vitest";

import { EVENT_DATA_MAX_BYTES } from "@/lib/limits";

import { eventWith } from "@/server/leaderboard/leaderboard-service";
import { MemoryLeaderboardStore } from "@/server/leaderboard/leaderboard-store";

const ATHLETES = 100_000;
// The longest ids and display names allowed (64 characters; 40 four-byte characters).
const id = (i: number) => `athlete-with-a-long-identifier-for-the-event-size-test-${i}`.padEnd(64, "x").slice(0, 64);
const LONG_NAME = "🏃".repeat(40);
const CLASS = "class-with-the-longest-id-allowed-in-a-channel-name-000000000000";

describe("every board's ranking-update at 100,000 athletes", () => {
  it("stays under 10 KB for the team and class boards of every window, with the longest names and batches of 100", async () => {
    const store = new MemoryLeaderboardStore(10, "Pacific/Chatham");
    const now = new Date("2026-12-03T10:00:00.000Z");
    for (let start = 0; start < ATHLETES; start += 10_000) {
      const updates = Array.from({ length: 10_000 }, (_, j) => ({ userId: id(start + j), points: ((start + j) * 7919) % 100_000 || 1, name: LONG_NAME, classId: CLASS }));
      await store.apply(updates, { maxAthletes: ATHLETES, now });
    }
    let largest = 0;
    let boards = 0;
    for (let round = 0; round < 10; round += 1) {
      // Worst case: 100 athletes at once, each with a long reason, spread over the board.
      const updates = Array.from({ length: 100 }, (_, j) => ({ userId: id((round * 4999 + j * 997) % ATHLETES), points: 100_000 - round * 7 - j, name: LONG_NAME, reason: "r".repeat(80), classId: CLASS }));
      const change = await store.apply(updates, { maxAthletes: ATHLETES, now: new Date(now.getTime() + round * 1000) });
      expect(change.boards).toHaveLength(8);
      for (const board of change.boards) {
        const event = eventWith(board, "epoch-id-12c");
        const bytes = Buffer.byteLength(JSON.stringify(event), "utf8");
        largest = Math.max(largest, bytes);
        boards += 1;
        expect(bytes, `${board.board?.classId ?? "team"}/${board.board?.window}`).toBeLessThan(EVENT_DATA_MAX_BYTES);
        expect(event.board).toEqual(board.board);
        expect(event.total).toBe(board.total);
      }
    }
    expect(boards).toBe(80);
    // The events are full, not trivially small.
    expect(largest).toBeGreaterThan(EVENT_DATA_MAX_BYTES * 0.8);
  }, 120_000);
});
