import { DeadlineSet } from "./deadline-set";

describe("DeadlineSet", () => {
  it("expires an item exactly at its deadline, not a millisecond before, and only once", () => {
    const set = new DeadlineSet<string>();
    set.set("a", 100);
    expect(set.takeExpired(99)).toEqual([]);
    expect(set.takeExpired(100)).toEqual(["a"]);
    expect(set.takeExpired(1_000)).toEqual([]);
    expect(set.size).toBe(0);
  });

  it("never expires a deleted item, and moves a deadline that is set again", () => {
    const set = new DeadlineSet<string>();
    set.set("gone", 10);
    set.set("moved", 10);
    expect(set.delete("gone")).toBe(true);
    expect(set.delete("gone")).toBe(false);
    set.set("moved", 50);
    expect(set.takeExpired(20)).toEqual([]);
    expect(set.takeExpired(50)).toEqual(["moved"]);
  });

  it("returns every expired item of one sweep and keeps the rest", () => {
    const set = new DeadlineSet<number>();
    for (let i = 0; i < 10; i += 1) set.set(i, i * 10);
    expect(set.takeExpired(45)).toEqual([0, 1, 2, 3, 4]);
    expect(set.size).toBe(5);
  });
});
