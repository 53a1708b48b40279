import { beforeEach, describe, expect, it } from "vitest";

import { clearUsers, findMentions, rememberUser } from "./user-directory";

const user = (id: string, name: string) => ({ id, name, role: "athlete" as const });

describe("findMentions", () => {
  beforeEach(() => {
    clearUsers();
    rememberUser(user("1", "Ana"));
    rememberUser(user("2", "Ana Silva"));
    rememberUser(user("3", "Ben"));
  });

  it("finds @Name whatever the case, at word boundaries", () => {
    expect(findMentions("hey @ben, look")).toEqual(new Set(["3"]));
    expect(findMentions("@BEN!")).toEqual(new Set(["3"]));
    expect(findMentions("@Benjamin")).toEqual(new Set());
  });

  it("prefers the longest known name, spaces included", () => {
    expect(findMentions("thanks @Ana Silva")).toEqual(new Set(["2"]));
    expect(findMentions("thanks @Ana and @Ben")).toEqual(new Set(["1", "3"]));
  });

  it("ignores e-mail addresses and unknown names", () => {
    expect(findMentions("mail ana@ben.example")).toEqual(new Set());
    expect(findMentions("@nobody here")).toEqual(new Set());
  });

  it("follows renames and everyone who shares a name", () => {
    rememberUser(user("3", "Benedict"));
    expect(findMentions("@Ben")).toEqual(new Set());
    rememberUser(user("4", "Ana"));
    expect(findMentions("@ana")).toEqual(new Set(["1", "4"]));
  });

  it("stops after ten mentions", () => {
    expect(findMentions("@Ben ".repeat(50)).size).toBe(1);
  });
});
