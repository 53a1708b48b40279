import fc from "fast-check";

import { Leaderboard, type Entry } from "./leaderboard";
import { buildRankingUpdate, rankingUpdateJson } from "./payload";
import { BoardResult, rowHead, rowText } from "./row";

const T0 = new Date("2025-01-01T00:00:00.000Z");
const entry = (userId: string, name: string): Entry => ({ userId, name, score: -12.5, rank: 3, previousRank: null, change: null });

describe("rowHead and rowText", () => {
  it("write what JSON.stringify writes, and count its UTF-8 bytes", () => {
    for (const [userId, name] of [
      ["a1", "Ann"],
      ['quote"d', "back\\slash"],
      ["tab\t", "new\nline"],
      ["é", "😀".repeat(3)],
      ["lone\ud800", "\u007f\u0000"],
    ] as const) {
      const row = entry(userId, name);
      const json = JSON.stringify(row);
      const text = rowText(row);
      expect({ json: text.head + text.tail, bytes: text.bytes }).toEqual({ json, bytes: Buffer.byteLength(json, "utf8") });
      expect(json.startsWith(rowHead(userId, name).text)).toBe(true);
      expect(rowHead(userId, name).bytes).toBe(Buffer.byteLength(rowHead(userId, name).text, "utf8"));
    }
  });

  it("match JSON.stringify for any strings (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "binary" }), fc.boolean(), (userId, name, keep) => {
        const row = entry(userId, name);
        const json = JSON.stringify(row);
        const text = rowText(row, keep);
        expect({ json: text.head + text.tail, bytes: text.bytes }).toEqual({ json, bytes: Buffer.byteLength(json, "utf8") });
        if (keep) expect(text.tail).toBe("");
      }),
    );
  });
});

describe("BoardResult", () => {
  const board = new Leaderboard({ now: T0 });
  board.apply([{ userId: "a", points: 5, name: "A" }, { userId: "b", points: 3, name: "B" }, { userId: "c", points: 1, name: "C" }], T0);
  const result = board.apply([{ userId: "c", points: 10 }], T0);

  it("looks like a plain ApplyResult to JSON, spreads and toEqual", () => {
    const plain = JSON.parse(JSON.stringify(result)) as unknown;
    expect(result).toEqual(plain);
    expect({ ...result }).toEqual(plain);
    expect(Object.keys(result)).toEqual(["version", "updatedAt", "changes", "updatedUserIds"]);
  });

  it("keeps a source per row of a board's result, none for other results or replaced changes", () => {
    expect(result).toBeInstanceOf(BoardResult);
    expect(BoardResult.sourcesOf(result)?.updated).toEqual([true, false, false]);
    expect(BoardResult.sourcesOf(result)?.athletes).toHaveLength(3);
    expect(BoardResult.sourcesOf({ ...result })).toBeUndefined();
    const replaced = new BoardResult(1, T0.toISOString(), [], [], { athletes: [], updated: [] });
    expect(BoardResult.sourcesOf(replaced)).toEqual({ athletes: [], updated: [] });
    (replaced as { changes: Entry[] }).changes = [entry("x", "X")];
    expect(BoardResult.sourcesOf(replaced)).toBeUndefined();
  });

  it("gives the same event text as a plain copy of the result", () => {
    const fromBoard = rankingUpdateJson(buildRankingUpdate(board, result));
    const fromCopy = rankingUpdateJson(buildRankingUpdate(board, { ...result, changes: [...result.changes] }));
    expect(fromBoard).toBe(fromCopy);
    expect(JSON.parse(fromBoard)).toMatchObject({ changes: result.changes.map((row) => ({ ...row })) });
  });
});
