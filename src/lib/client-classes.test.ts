import { describe, expect, it } from "vitest";

import * as server from "./classes";
import * as client from "./client-classes";

const info = { id: "sprints-a1b2c3", title: "Sprints", startsAt: "2026-12-03T10:00:00.000Z", createdAt: "2026-12-03T10:00:00.000Z", createdBy: { id: "u1", name: "Cora" } };
const soon = new Date(Date.now() + 3_600_000).toISOString();

const cases: [string, { safeParse(value: unknown): { success: boolean; data?: unknown } }, { safeParse(value: unknown): { success: boolean; data?: unknown } }, unknown[]][] = [
  [
    "start class",
    server.startClassSchema,
    client.startClassSchema,
    [
      { title: " Sprints " },
      { title: "Sprints", startsAt: soon },
      { title: "Sprints", startsAt: "2026-12-03 10:00" },
      { title: "Sprints", startsAt: new Date(Date.now() + 61 * 86_400_000).toISOString() },
      { title: "Sprints", startsAt: new Date(Date.now() - 2 * 86_400_000).toISOString() },
      { title: "" },
      { title: "   " },
      { title: "x".repeat(81) },
      { title: "🏃".repeat(80) },
      { title: "a\u202Eb" },
      { title: "Sprints", extra: 1 },
      { title: 5 },
      {},
    ],
  ],
  ["class info", server.classInfoSchema, client.classInfoSchema, [info, { ...info, id: "a b" }, { ...info, createdBy: { id: "u1" } }]],
  [
    "class list",
    server.classListSchema,
    client.classListSchema,
    [
      { classes: [{ ...info, live: { count: 2, names: ["Ana", "Ben"] } }] },
      { classes: [{ ...info, live: null }], liveError: "x" },
      { classes: [{ ...info, live: { count: -1, names: [] } }] },
      { classes: [{ ...info, live: { count: 6, names: ["a", "b", "c", "d", "e", "f"] } }] },
      { classes: [info] },
    ],
  ],
];

describe("the browser's class schemas judge like the server's", () => {
  it.each(cases)("%s", (_name, serverSchema, clientSchema, samples) => {
    for (const sample of samples) {
      const a = serverSchema.safeParse(sample);
      const b = clientSchema.safeParse(sample);
      expect(b.success, JSON.stringify(sample)).toBe(a.success);
      if (a.success) expect(b.data).toEqual(a.data);
    }
  });
});
