import { decodeClientFrame, encodeFrame, errorFrame, exceedsJsonDepth, subscriptionErrorFrame } from "./frames";
import { ErrorCode, Limits } from "./protocol";

const decode = (value: unknown) => decodeClientFrame(typeof value === "string" ? value : JSON.stringify(value));

describe("decodeClientFrame", () => {
  it("decodes ping and pong", () => {
    expect(decode({ event: "pusher:ping", data: {} })).toEqual({ ok: true, frame: { type: "ping" } });
    expect(decode({ event: "pusher:pong" })).toEqual({ ok: true, frame: { type: "pong" } });
  });

  it("decodes a subscribe whose data is an object or a JSON string", () => {
    const data = { channel: "presence-x", auth: "k:s", channel_data: '{"user_id":"1"}' };
    const expected = { ok: true, frame: { type: "subscribe", channel: "presence-x", auth: "k:s", channelData: '{"user_id":"1"}' } };
    expect(decode({ event: "pusher:subscribe", data })).toEqual(expected);
    expect(decode({ event: "pusher:subscribe", data: JSON.stringify(data) })).toEqual(expected);
  });

  it("decodes unsubscribe and signin", () => {
    expect(decode({ event: "pusher:unsubscribe", data: { channel: "c" } })).toEqual({ ok: true, frame: { type: "unsubscribe", channel: "c" } });
    expect(decode({ event: "pusher:signin", data: { auth: "a", user_data: "{}" } })).toEqual({
      ok: true,
      frame: { type: "signin", auth: "a", userData: "{}" },
    });
  });

  it("decodes a client event and encodes object data as a JSON string", () => {
    expect(decode({ event: "client-typing", channel: "presence-chat", data: { on: true } })).toEqual({
      ok: true,
      frame: { type: "client-event", event: "client-typing", channel: "presence-chat", data: '{"on":true}' },
    });
    expect(decode({ event: "client-x", channel: "private-a", data: "raw" })).toMatchObject({ ok: true, frame: { data: "raw" } });
    expect(decode({ event: "client-x", channel: "private-a" })).toMatchObject({ ok: true, frame: { data: "null" } });
  });

  it.each([
    ["not JSON", "{nope"],
    ["a JSON array", "[1,2]"],
    ["JSON without event", '{"data":{}}'],
    ["a non-string event", '{"event":5}'],
    ["null", "null"],
  ])("refuses %s with 4300", (_label, text) => {
    const result = decodeClientFrame(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(ErrorCode.INVALID_MESSAGE);
  });

  it("refuses unknown pusher: and pusher_internal: events and malformed bodies with 4300", () => {
    for (const frame of [
      { event: "pusher:unknown" },
      { event: "pusher_internal:member_added", channel: "presence-x" },
      { event: "pusher:subscribe", data: {} },
      { event: "pusher:subscribe", data: "not json" },
      { event: "pusher:unsubscribe", data: { channel: 5 } },
      { event: "pusher:signin", data: { auth: "a" } },
    ]) {
      const result = decode(frame);
      expect(result.ok, JSON.stringify(frame)).toBe(false);
      if (!result.ok) expect(result.error.code).toBe(ErrorCode.INVALID_MESSAGE);
    }
  });

  it("refuses other client events with 4302: wrong prefix, 201-char name, missing or invalid channel", () => {
    for (const frame of [
      { event: "typing", channel: "private-a" },
      { event: `client-${"e".repeat(194)}`, channel: "private-a" },
      { event: "client-x" },
      { event: "client-x", channel: "bad channel" },
    ]) {
      const result = decode(frame);
      expect(result.ok, JSON.stringify(frame)).toBe(false);
      if (!result.ok) expect(result.error.code).toBe(ErrorCode.CLIENT_EVENT_REJECTED);
    }
    expect(decode({ event: `client-${"e".repeat(193)}`, channel: "private-a" }).ok).toBe(true);
  });
});

describe("deeply nested frames", () => {
  const nested = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
  const clientEvent = (dataDepth: number) => `{"event":"client-x","channel":"private-a","data":${nested(dataDepth)}}`;

  it("refuses a client event nested 50,000 deep with 4300 instead of overflowing the stack", () => {
    const decode = () => decodeClientFrame(clientEvent(50_000));
    expect(decode).not.toThrow();
    expect(decode()).toMatchObject({ ok: false, error: { code: ErrorCode.INVALID_MESSAGE, message: expect.stringMatching(/nested/) } });
  });

  it("accepts a frame exactly at the depth limit and refuses one level more", () => {
    // The frame's own object is the first level.
    expect(decodeClientFrame(clientEvent(Limits.JSON_DEPTH_MAX - 1))).toMatchObject({ ok: true });
    expect(decodeClientFrame(clientEvent(Limits.JSON_DEPTH_MAX))).toMatchObject({ ok: false, error: { code: ErrorCode.INVALID_MESSAGE } });
  });

  it("checks pusher: data sent as a JSON string too", () => {
    const data = `{"channel":"c","channel_data":${nested(50_000)}}`;
    expect(decodeClientFrame(JSON.stringify({ event: "pusher:subscribe", data }))).toMatchObject({
      ok: false,
      error: { code: ErrorCode.INVALID_MESSAGE, message: expect.stringMatching(/nested/) },
    });
  });
});

describe("exceedsJsonDepth", () => {
  it.each([
    ["{}", 1, false],
    ["{}", 0, true],
    ['{"a":[1,{"b":2}]}', 3, false],
    ['{"a":[1,{"b":2}]}', 2, true],
    ['"[[[[[["', 1, false],
    ["[][][]", 1, false],
    [String.raw`["\\",["\"[[["]]`, 2, false],
    [String.raw`["\\",["\"[[["]]`, 1, true],
  ])("%s with at most %i levels: exceeds = %s", (text, max, exceeds) => {
    expect(exceedsJsonDepth(text, max)).toBe(exceeds);
  });
});

describe("encodeFrame", () => {
  it("double-encodes object data and keeps string data as is", () => {
    expect(encodeFrame({ event: "pusher:connection_established", data: { socket_id: "1.2", activity_timeout: 120 } })).toBe(
      '{"event":"pusher:connection_established","data":"{\\"socket_id\\":\\"1.2\\",\\"activity_timeout\\":120}"}',
    );
    expect(encodeFrame({ event: "e", channel: "c", data: '{"a":1}', user_id: "7" })).toBe('{"event":"e","channel":"c","data":"{\\"a\\":1}","user_id":"7"}');
    expect(encodeFrame({ event: "pusher_internal:subscription_succeeded", channel: "c" })).toBe(
      '{"event":"pusher_internal:subscription_succeeded","channel":"c"}',
    );
  });

  it("builds pusher:error and subscription_error frames", () => {
    expect(JSON.parse(JSON.parse(errorFrame(4301, "slow down")).data)).toEqual({ code: 4301, message: "slow down" });
    const frame = JSON.parse(subscriptionErrorFrame("private-a", { type: "AuthError", error: "bad", status: 401 }));
    expect(frame.channel).toBe("private-a");
    expect(JSON.parse(frame.data)).toEqual({ type: "AuthError", error: "bad", status: 401 });
  });
});
