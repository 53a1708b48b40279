import {
  byteLength,
  checkHandshake,
  classifyChannel,
  CloseCode,
  ErrorCode,
  isDataWithinLimit,
  isReservedEventName,
  isValidChannelName,
  isValidEventName,
  isValidSocketId,
  Limits,
  userOfChannel,
} from "./protocol";

describe("channel names", () => {
  it("accepts 164 characters and refuses 165", () => {
    expect(isValidChannelName("a".repeat(164))).toBe(true);
    expect(isValidChannelName("a".repeat(165))).toBe(false);
  });

  it("accepts every allowed character and refuses others", () => {
    expect(isValidChannelName("private-AZaz09_-=@,.;")).toBe(true);
    for (const bad of ["", "a b", "a/b", "a#b", "#chat", "é", "a:b", "a*b"]) expect(isValidChannelName(bad)).toBe(false);
  });

  it("allows the reserved #server-to-user- channel with a 1–128 character id", () => {
    expect(isValidChannelName("#server-to-user-42")).toBe(true);
    expect(isValidChannelName(`#server-to-user-${"u".repeat(128)}`)).toBe(true);
    expect(isValidChannelName(`#server-to-user-${"u".repeat(129)}`)).toBe(false);
    expect(isValidChannelName("#server-to-user-")).toBe(false);
    expect(userOfChannel("#server-to-user-42")).toBe("42");
    expect(userOfChannel("private-42")).toBeUndefined();
  });
});

describe("classifyChannel", () => {
  it.each([
    ["chat-channel", "public", false],
    ["cache-scores", "public", true],
    ["private-user-1", "private", false],
    ["private-cache-x", "private", true],
    ["private-encrypted-x", "private", false],
    ["private-encrypted-cache-x", "private", true],
    ["presence-chat", "presence", false],
    ["presence-cache-x", "presence", true],
    ["#server-to-user-1", "user", false],
  ] as const)("%s is %s (cache %s)", (name, kind, cache) => {
    expect(classifyChannel(name)).toEqual({ kind, cache });
  });
});

describe("event names and data", () => {
  it("accepts 200 characters and refuses 201 or none", () => {
    expect(isValidEventName("e".repeat(200))).toBe(true);
    expect(isValidEventName("e".repeat(201))).toBe(false);
    expect(isValidEventName("")).toBe(false);
  });

  it("reserves pusher: and pusher_internal: names", () => {
    expect(isReservedEventName("pusher:subscribe")).toBe(true);
    expect(isReservedEventName("pusher_internal:member_added")).toBe(true);
    expect(isReservedEventName("new-message")).toBe(false);
  });

  it("accepts 10 240 bytes of data and refuses 10 241", () => {
    expect(isDataWithinLimit("x".repeat(10_240))).toBe(true);
    expect(isDataWithinLimit("x".repeat(10_241))).toBe(false);
  });

  it("counts UTF-8 bytes, not characters", () => {
    expect(byteLength("é")).toBe(2);
    expect(isDataWithinLimit("é".repeat(5_120))).toBe(true);
    expect(isDataWithinLimit(`${"é".repeat(5_120)}x`)).toBe(false);
  });
});

describe("socket ids", () => {
  it("match digits.digits only", () => {
    expect(isValidSocketId("123.456")).toBe(true);
    for (const bad of ["123", "123.", ".456", "12a.4", "1.2.3", ""]) expect(isValidSocketId(bad)).toBe(false);
  });
});

describe("checkHandshake", () => {
  const query = (text: string) => new URLSearchParams(text);

  it("accepts /app/{key}?protocol=7", () => {
    expect(checkHandshake("/app/key1", query("protocol=7&client=js&version=8.6.0&flash=false"), "key1")).toBeUndefined();
  });

  it("refuses an unknown key with 4001", () => {
    expect(checkHandshake("/app/other", query("protocol=7"), "key1")?.code).toBe(CloseCode.APP_UNKNOWN);
  });

  it("refuses a missing protocol with 4008 and another version with 4007", () => {
    expect(checkHandshake("/app/key1", query(""), "key1")?.code).toBe(CloseCode.NO_PROTOCOL);
    expect(checkHandshake("/app/key1", query("protocol=6"), "key1")?.code).toBe(CloseCode.UNSUPPORTED_PROTOCOL);
    expect(checkHandshake("/app/key1", query("protocol=8"), "key1")?.code).toBe(CloseCode.UNSUPPORTED_PROTOCOL);
  });

  it("refuses another path with 4005", () => {
    for (const path of ["/", "/app", "/app/key1/extra", "/apps/key1"]) {
      expect(checkHandshake(path, query("protocol=7"), "key1")?.code).toBe(CloseCode.PATH_NOT_FOUND);
    }
  });
});

describe("code ranges", () => {
  it("keeps close codes below 4300 and in-band error codes at or above it", () => {
    for (const code of Object.values(CloseCode)) expect(code >= 4000 && code < 4300).toBe(true);
    for (const code of Object.values(ErrorCode)) expect(code >= 4300 && code < 4400).toBe(true);
  });

  it("uses the reconnect-at-once range for shutdown and missed pongs, backoff for capacity, give-up for auth", () => {
    expect(CloseCode.SERVER_CLOSING).toBe(4200);
    expect(CloseCode.PONG_NOT_RECEIVED).toBe(4201);
    expect(CloseCode.OVER_CAPACITY).toBeGreaterThanOrEqual(4100);
    expect(CloseCode.OVER_CAPACITY).toBeLessThan(4200);
    expect(CloseCode.UNAUTHORIZED).toBe(4009);
    expect(ErrorCode.CLIENT_EVENT_RATE_LIMIT).toBe(4301);
    expect(Limits.DATA_MAX_BYTES).toBe(10_240);
  });
});
