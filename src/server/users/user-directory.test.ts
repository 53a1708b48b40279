import { beforeEach, describe, expect, it } from "vitest";

import { BACKENDS, startRedisForTests, type BackendKind } from "../store/test-backends";
import { RedisUserDirectory } from "./redis-user-directory";
import { findMentionsIn, MemoryUserDirectory, type UserDirectory } from "./user-directory";

const user = (id: string, name: string, role: "athlete" | "coach" = "athlete") => ({ id, name, role });

const redis = startRedisForTests();

describe.each(BACKENDS)("UserDirectory contract (%s)", (kind: BackendKind) => {
  const make = (capacity?: number): UserDirectory =>
    kind === "memory" ? new MemoryUserDirectory(capacity) : new RedisUserDirectory(redis.client(), capacity);

  describe("findMentions", () => {
    let directory: UserDirectory;
    const findMentions = (text: string) => findMentionsIn(directory, text);

    beforeEach(async () => {
      directory = make();
      await directory.remember(user("1", "Ana"));
      await directory.remember(user("2", "Ana Silva"));
      await directory.remember(user("3", "Ben"));
    });

    it("finds @Name whatever the case, at word boundaries", async () => {
      expect(await findMentions("hey @ben, look")).toEqual(new Set(["3"]));
      expect(await findMentions("@BEN!")).toEqual(new Set(["3"]));
      expect(await findMentions("@Benjamin")).toEqual(new Set());
    });

    it("prefers the longest known name, spaces included", async () => {
      expect(await findMentions("thanks @Ana Silva")).toEqual(new Set(["2"]));
      expect(await findMentions("thanks @Ana and @Ben")).toEqual(new Set(["1", "3"]));
    });

    it("ignores e-mail addresses and unknown names", async () => {
      expect(await findMentions("mail ana@ben.example")).toEqual(new Set());
      expect(await findMentions("@nobody here")).toEqual(new Set());
    });

    it("follows renames and everyone who shares a name", async () => {
      await directory.remember(user("3", "Benedict"));
      expect(await findMentions("@Ben")).toEqual(new Set());
      expect(await findMentions("@benedict")).toEqual(new Set(["3"]));
      await directory.remember(user("4", "Ana"));
      expect(await findMentions("@ana")).toEqual(new Set(["1", "4"]));
    });

    it("stops after ten mentions", async () => {
      for (let i = 0; i < 12; i += 1) await directory.remember(user(`p${i}`, `Player${i}`));
      const text = Array.from({ length: 12 }, (_, i) => `@Player${i}`).join(" ");
      expect((await findMentions(text)).size).toBe(10);
      expect((await findMentions("@Ben ".repeat(50))).size).toBe(1);
    });

    it("does not confuse a name with a longer one that starts like it", async () => {
      await directory.remember(user("5", "Bo"));
      await directory.remember(user("6", "Bob"));
      expect(await findMentions("@bo")).toEqual(new Set(["5"]));
      expect(await findMentions("@bob")).toEqual(new Set(["6"]));
    });
  });

  it("lists the ids of the most recently seen users, at most limit (announcements reach them)", async () => {
    const directory = make(3);
    expect(await directory.ids(10)).toEqual([]);
    for (const id of ["1", "2", "3", "4"]) await directory.remember(user(id, `Person ${id}`));
    expect((await directory.ids(10)).sort()).toEqual(["2", "3", "4"]);
    expect(await directory.ids(2)).toHaveLength(2);
    expect(await directory.ids(0)).toEqual([]);
  });

  it("returns known users by id", async () => {
    const directory = make();
    await directory.remember(user("1", "Ana", "coach"));
    expect(await directory.users(["1", "nobody"])).toEqual(new Map([["1", user("1", "Ana", "coach")]]));
  });

  it("searches by the start of the name, any case, ordered by name then id, at most limit", async () => {
    const directory = make();
    await directory.remember(user("2", "Ana Silva"));
    await directory.remember(user("1", "ana", "coach"));
    await directory.remember(user("3", "Ben"));
    await directory.remember(user("0", "Ana"));
    await directory.remember(user("4", "Banana"));
    expect(await directory.search("AN", 10)).toEqual([user("0", "Ana"), user("1", "ana", "coach"), user("2", "Ana Silva")]);
    expect(await directory.search("ana s", 10)).toEqual([user("2", "Ana Silva")]);
    expect(await directory.search("b", 1)).toEqual([user("4", "Banana")]);
    expect((await directory.search("", 10)).map((found) => found.id)).toEqual(["0", "1", "2", "4", "3"]);
    expect(await directory.search("zed", 10)).toEqual([]);
  });

  it("finds a renamed user under the new name only", async () => {
    const directory = make();
    await directory.remember(user("1", "Ana"));
    await directory.remember(user("1", "Zoe"));
    expect(await directory.search("ana", 10)).toEqual([]);
    expect(await directory.search("zo", 10)).toEqual([user("1", "Zoe")]);
  });

  it("keeps at most capacity users, forgetting the least recently seen", async () => {
    const directory = make(2);
    await directory.remember(user("1", "Ana"));
    await directory.remember(user("2", "Ben"));
    await directory.remember(user("3", "Cy"));
    expect([...(await directory.users(["1", "2", "3"])).keys()]).toEqual(["2", "3"]);
    expect(await directory.idsByName(["ana", "ben", "cy"])).toEqual(new Map([["ben", ["2"]], ["cy", ["3"]]]));
  });
});

describe("RedisUserDirectory", () => {
  it("shares users between instances on the same Redis", async () => {
    const client = redis.client();
    await new RedisUserDirectory(client).remember(user("1", "Ana"));
    const other = new RedisUserDirectory(redis.client(client));
    expect(await findMentionsIn(other, "hi @ana")).toEqual(new Set(["1"]));
  });
});
