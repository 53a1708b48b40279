import { isAllowedPushEndpoint, pushSubscriptionSchema } from "./push";

describe("isAllowedPushEndpoint", () => {
  it.each([
    "https://fcm.googleapis.com/fcm/send/abc:def",
    "https://updates.push.services.mozilla.com/wpush/v2/gAAAA",
    "https://web.push.apple.com/QG9",
    "https://wns2-by3p.notify.windows.com/w/?token=x",
  ])("sends to the browsers' push services in production: %s", (endpoint) => {
    expect(isAllowedPushEndpoint(endpoint, true)).toBe(true);
  });

  it.each([
    "http://fcm.googleapis.com/fcm/send/abc",
    "https://fcm.googleapis.com.evil.example/x",
    "https://evilnotify.windows.com/x",
    "https://user:pass@fcm.googleapis.com/x",
    "https://10.0.0.5/push",
    "http://127.0.0.1:9000/push",
    "javascript:alert(1)",
    "not a url",
  ])("refuses anything else in production: %s", (endpoint) => {
    expect(isAllowedPushEndpoint(endpoint, true)).toBe(false);
  });

  it("accepts plain http on loopback only outside production (local push services in tests and development)", () => {
    expect(isAllowedPushEndpoint("http://127.0.0.1:9000/push", false)).toBe(true);
    expect(isAllowedPushEndpoint("http://localhost:9000/push", false)).toBe(true);
    expect(isAllowedPushEndpoint("http://192.168.1.2/push", false)).toBe(false);
    expect(isAllowedPushEndpoint("http://169.254.169.254/latest", false)).toBe(false);
  });
});

describe("pushSubscriptionSchema", () => {
  const keys = { p256dh: `B${"A".repeat(86)}`, auth: "A".repeat(22) };

  it("takes a PushSubscription's JSON", () => {
    expect(pushSubscriptionSchema.safeParse({ endpoint: "https://fcm.googleapis.com/x", expirationTime: null, keys }).success).toBe(true);
  });

  it("refuses keys of the wrong size and a missing endpoint", () => {
    expect(pushSubscriptionSchema.safeParse({ endpoint: "https://fcm.googleapis.com/x", keys: { ...keys, p256dh: "AAAA" } }).success).toBe(false);
    expect(pushSubscriptionSchema.safeParse({ endpoint: "https://fcm.googleapis.com/x", keys: { ...keys, auth: "A".repeat(40) } }).success).toBe(false);
    expect(pushSubscriptionSchema.safeParse({ keys }).success).toBe(false);
  });
});
