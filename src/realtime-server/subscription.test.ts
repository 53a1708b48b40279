import { signChannel } from "./signature";
import { checkSubscription, type SubscriptionRequest } from "./subscription";

const key = "app-key";
const secret = "app-secret";
const socketId = "1.2";

const request = (channel: string, overrides: Partial<SubscriptionRequest> = {}): SubscriptionRequest => ({
  key,
  secret,
  socketId,
  channel,
  auth: undefined,
  channelData: undefined,
  signedInUserId: undefined,
  ...overrides,
});

const presence = (channel: string, channelData: string) =>
  request(channel, { channelData, auth: signChannel(key, secret, socketId, channel, channelData) });

describe("checkSubscription", () => {
  it("lets anyone join a public channel", () => {
    expect(checkSubscription(request("chat-channel"))).toEqual({ ok: true });
  });

  it("refuses an invalid name with 400", () => {
    expect(checkSubscription(request("a".repeat(165)))).toMatchObject({ ok: false, failure: { status: 400 } });
  });

  it("needs a valid signature on private channels", () => {
    const auth = signChannel(key, secret, socketId, "private-a");
    expect(checkSubscription(request("private-a", { auth }))).toEqual({ ok: true });
    expect(checkSubscription(request("private-a"))).toMatchObject({ ok: false, failure: { type: "AuthError", status: 401 } });
    expect(checkSubscription(request("private-a", { auth: `${key}:${"0".repeat(64)}` }))).toMatchObject({ ok: false, failure: { status: 401 } });
    expect(checkSubscription(request("private-b", { auth }))).toMatchObject({ ok: false, failure: { status: 401 } });
  });

  it("reads the presence member from the signed channel_data, normalizing a numeric user_id", () => {
    expect(checkSubscription(presence("presence-x", '{"user_id":10,"user_info":{"name":"Mr. Channels"}}'))).toEqual({
      ok: true,
      member: { userId: "10", userInfo: { name: "Mr. Channels" } },
    });
    expect(checkSubscription(presence("presence-x", '{"user_id":"u1"}'))).toEqual({ ok: true, member: { userId: "u1", userInfo: null } });
  });

  it("refuses presence without channel_data, or with channel_data that differs from what was signed", () => {
    const signed = presence("presence-x", '{"user_id":"u1"}');
    expect(checkSubscription({ ...signed, channelData: undefined })).toMatchObject({ ok: false, failure: { status: 401 } });
    expect(checkSubscription({ ...signed, channelData: { user_id: "u1" } })).toMatchObject({ ok: false, failure: { status: 401 } });
    expect(checkSubscription({ ...signed, channelData: '{"user_id":"u2"}' })).toMatchObject({ ok: false, failure: { status: 401 } });
  });

  it("accepts a 128-character user_id and refuses 129", () => {
    expect(checkSubscription(presence("presence-x", JSON.stringify({ user_id: "u".repeat(128) }))).ok).toBe(true);
    expect(checkSubscription(presence("presence-x", JSON.stringify({ user_id: "u".repeat(129) })))).toMatchObject({
      ok: false,
      failure: { status: 400 },
    });
  });

  it("accepts user_info of 1 024 bytes serialized and refuses 1 025", () => {
    const info = (bytes: number) => "i".repeat(bytes - 2); // JSON string adds two quotes
    expect(checkSubscription(presence("presence-x", JSON.stringify({ user_id: "1", user_info: info(1024) }))).ok).toBe(true);
    expect(checkSubscription(presence("presence-x", JSON.stringify({ user_id: "1", user_info: info(1025) })))).toMatchObject({
      ok: false,
      failure: { status: 400 },
    });
  });

  it("refuses channel_data that is not JSON or has no usable user_id", () => {
    for (const data of ["nope", "{}", '{"user_id":""}', '{"user_id":true}', "[]"]) {
      expect(checkSubscription(presence("presence-x", data)), data).toMatchObject({ ok: false, failure: { status: 400 } });
    }
  });

  it("lets only the signed-in user join their #server-to-user- channel", () => {
    expect(checkSubscription(request("#server-to-user-7", { signedInUserId: "7" }))).toEqual({ ok: true });
    expect(checkSubscription(request("#server-to-user-7", { signedInUserId: "8" }))).toMatchObject({ ok: false, failure: { status: 403 } });
    expect(checkSubscription(request("#server-to-user-7"))).toMatchObject({ ok: false });
  });
});
