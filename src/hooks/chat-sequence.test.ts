import { describe, expect, it } from "vitest";

import { SeqTracker } from "./chat-sequence";

describe("SeqTracker", () => {
  it("moves the contiguous mark with in-order messages and reports repeats as not new", () => {
    const tracker = new SeqTracker();
    expect([1, 2, 2, 3].map((seq) => tracker.see(seq))).toEqual([true, true, false, true]);
    expect(tracker.contiguous).toBe(3);
    expect(tracker.hasGap).toBe(false);
  });

  it("holds a message beyond a gap, and closes the gap when the missing one arrives late", () => {
    const tracker = new SeqTracker();
    tracker.fetched(10);
    expect(tracker.see(12)).toBe(true);
    expect(tracker.see(13)).toBe(true);
    expect(tracker).toMatchObject({ contiguous: 10, hasGap: true });
    expect(tracker.see(12)).toBe(false);
    expect(tracker.see(11)).toBe(true);
    expect(tracker).toMatchObject({ contiguous: 13, hasGap: false });
  });

  it("lets a fetch jump the gap, keeping what lies beyond it", () => {
    const tracker = new SeqTracker();
    tracker.see(1);
    tracker.see(4);
    tracker.see(7);
    tracker.fetched(5);
    expect(tracker).toMatchObject({ contiguous: 5, hasGap: true });
    tracker.see(6);
    expect(tracker).toMatchObject({ contiguous: 7, hasGap: false });
    tracker.fetched(3);
    expect(tracker.contiguous).toBe(7);
  });
});
