import { describe, expect, it } from "vitest";

import * as client from "./client-notifications";
import * as server from "./notifications";

const notice = { id: "n-abc_DEF-123", kind: "mention", title: "Ben mentioned you", body: "hi @Ana", href: "/?tab=chat&message=m1", at: "2026-12-03T08:00:00.000Z", read: false };

type Parser = { safeParse(value: unknown): { success: boolean; data?: unknown } };

/** Each pair: the server's zod schema, the browser's zod/mini one, and samples both must judge alike. */
const cases: [string, Parser, Parser, unknown[]][] = [
  ["kind", server.noticeKindSchema, client.noticeKindSchema, ["mention", "award", "announcement", "chat", 1]],
  ["id", server.noticeIdSchema, client.noticeIdSchema, ["n-x", "n-", "x-abc", `n-${"a".repeat(62)}`, `n-${"a".repeat(63)}`, "n-a b"]],
  [
    "notice",
    server.noticeSchema,
    client.noticeSchema,
    [
      notice,
      { ...notice, body: undefined },
      { ...notice, kind: "award", read: true },
      { ...notice, title: "" },
      { ...notice, title: "x".repeat(121) },
      { ...notice, body: "x".repeat(501) },
      { ...notice, href: "https://evil.example/" },
      { ...notice, at: "yesterday" },
      { ...notice, read: "no" },
    ],
  ],
  ["list", server.noticeListSchema, client.noticeListSchema, [{ notices: [notice], unread: 1 }, { notices: [], unread: -1 }, { notices: [{}], unread: 0 }]],
  ["added event", server.noticeAddedEventSchema, client.noticeAddedEventSchema, [{ notice, unread: 3 }, { notice, unread: 1.5 }, { notice: {}, unread: 0 }]],
  [
    "read event",
    server.noticesReadEventSchema,
    client.noticesReadEventSchema,
    [{ ids: [notice.id], unread: 0 }, { ids: [], all: true, unread: 2 }, { ids: ["bad"], unread: 0 }, { ids: Array(101).fill(notice.id), unread: 0 }],
  ],
  [
    "preferences",
    server.noticePreferencesSchema,
    client.noticePreferencesSchema,
    [{ mentions: true, awards: false, announcements: true }, { mentions: true, awards: false }, { mentions: "yes", awards: false, announcements: true }],
  ],
];

describe("client-notifications", () => {
  it.each(cases)("judges %s samples as the server does", (_name, serverSchema, clientSchema, samples) => {
    for (const sample of samples) {
      const expected = serverSchema.safeParse(sample);
      const actual = clientSchema.safeParse(sample);
      expect(actual.success, JSON.stringify(sample)).toBe(expected.success);
      if (expected.success) expect(actual.data).toEqual(expected.data);
    }
  });
});
