import {
  hmacSha256Hex,
  md5Hex,
  restStringToSign,
  safeEqual,
  signChannel,
  signRestRequest,
  signUser,
  verifyBodyMd5,
  verifyChannelAuth,
  verifyRestRequest,
  verifyRestSignature,
  verifyUserAuth,
} from "./signature";

// Test vectors from reference/pusher-protocol.md.
const key = "278d425bdf160c739803";
const secret = "7ad3773142a6692b25b8";
const socketId = "1234.1234";

describe("channel authorization", () => {
  it("signs a private channel as socket_id:channel", () => {
    expect(signChannel(key, secret, socketId, "private-foobar")).toBe(
      `${key}:58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4`,
    );
  });

  it("signs a presence channel over the exact channel_data string", () => {
    const channelData = '{"user_id":10,"user_info":{"name":"Mr. Channels"}}';
    expect(signChannel(key, secret, socketId, "presence-foobar", channelData)).toBe(
      `${key}:31935e7d86dba64c2a90aed31fdc61869f9b22ba9d8863bba239c03ca481bc80`,
    );
  });

  it("accepts a valid auth and refuses a forged, truncated or re-serialized one", () => {
    const auth = signChannel(key, secret, socketId, "private-foobar");
    expect(verifyChannelAuth(key, secret, { socketId, channel: "private-foobar", auth })).toBe(true);
    expect(verifyChannelAuth(key, secret, { socketId, channel: "private-foobaz", auth })).toBe(false);
    expect(verifyChannelAuth(key, secret, { socketId: "1234.1235", channel: "private-foobar", auth })).toBe(false);
    expect(verifyChannelAuth(key, secret, { socketId, channel: "private-foobar", auth: auth.slice(0, -1) })).toBe(false);
    expect(verifyChannelAuth(key, "wrong-secret", { socketId, channel: "private-foobar", auth })).toBe(false);

    const channelData = '{"user_id":10,"user_info":{"name":"Mr. Channels"}}';
    const presenceAuth = signChannel(key, secret, socketId, "presence-foobar", channelData);
    const respaced = '{"user_id": 10, "user_info": {"name": "Mr. Channels"}}';
    expect(verifyChannelAuth(key, secret, { socketId, channel: "presence-foobar", auth: presenceAuth, channelData })).toBe(true);
    expect(verifyChannelAuth(key, secret, { socketId, channel: "presence-foobar", auth: presenceAuth, channelData: respaced })).toBe(false);
  });
});

describe("user sign-in", () => {
  it("signs socket_id::user::user_data", () => {
    expect(signUser(key, secret, socketId, '{"id":"12345"}')).toBe(
      `${key}:4708d583dada6a56435fb8bc611c77c359a31eebde13337c16ab43aa6de336ba`,
    );
  });

  it("verifies only the exact user_data", () => {
    const auth = signUser(key, secret, socketId, '{"id":"12345"}');
    expect(verifyUserAuth(key, secret, { socketId, auth, userData: '{"id":"12345"}' })).toBe(true);
    expect(verifyUserAuth(key, secret, { socketId, auth, userData: '{"id":"12346"}' })).toBe(false);
  });
});

describe("REST signing", () => {
  const body = '{"name":"foo","channels":["project-3"],"data":"{\\"some\\":\\"data\\"}"}';

  it("computes body_md5 of the exact body", () => {
    expect(md5Hex(body)).toBe("ec365a775a4cd0599faeb73354201b6f");
  });

  it("signs the worked example", () => {
    const params = { auth_key: key, auth_timestamp: "1353088179", auth_version: "1.0", body_md5: "ec365a775a4cd0599faeb73354201b6f" };
    const text = restStringToSign("POST", "/apps/3/events", Object.entries(params));
    expect(text).toBe(
      "POST\n/apps/3/events\nauth_key=278d425bdf160c739803&auth_timestamp=1353088179&auth_version=1.0&body_md5=ec365a775a4cd0599faeb73354201b6f",
    );
    expect(hmacSha256Hex(secret, text)).toBe("da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c");
    expect(signRestRequest({ key, secret, method: "POST", path: "/apps/3/events", body, timestamp: 1353088179 }).auth_signature).toBe(
      "da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c",
    );
  });

  it("sorts by lower-cased key, drops auth_signature and does not escape values", () => {
    const text = restStringToSign("get", "/p", [
      ["info", "user_count,subscription_count"],
      ["auth_signature", "x"],
      ["Filter_by_prefix", "presence-"],
    ]);
    expect(text).toBe("GET\n/p\nfilter_by_prefix=presence-&info=user_count,subscription_count");
  });

  it("sorts by key alone, not by key=value (a key that prefixes another comes first)", () => {
    expect(restStringToSign("POST", "/p", [["a-b", "2"], ["a", "1"], ["a_b", "3"]])).toBe("POST\n/p\na=1&a-b=2&a_b=3");
    expect(restStringToSign("GET", "/p", [])).toBe("GET\n/p\n");
  });
});

describe("verifyRestRequest", () => {
  const now = 1_700_000_000;
  const body = '{"name":"e","channels":["c"],"data":"{}"}';
  const request = (overrides: { body?: string; timestamp?: number; tamper?: Record<string, string> } = {}) => {
    const signed = signRestRequest({ key, secret, method: "POST", path: "/apps/3/events", body, timestamp: overrides.timestamp ?? now });
    return {
      key,
      secret,
      method: "POST",
      path: "/apps/3/events",
      params: new Map(Object.entries({ ...signed, ...overrides.tamper })),
      body: overrides.body ?? body,
      nowSeconds: now,
    };
  };

  it("accepts a fresh, correctly signed request", () => {
    expect(verifyRestRequest(request())).toBeUndefined();
  });

  it("accepts timestamps 600 s either side and refuses 601 s", () => {
    expect(verifyRestRequest(request({ timestamp: now - 600 }))).toBeUndefined();
    expect(verifyRestRequest(request({ timestamp: now + 600 }))).toBeUndefined();
    expect(verifyRestRequest(request({ timestamp: now - 601 }))?.message).toMatch(/expired/);
    expect(verifyRestRequest(request({ timestamp: now + 601 }))?.message).toMatch(/expired/);
  });

  it("refuses a body that does not match body_md5", () => {
    expect(verifyRestRequest(request({ body: `${body} ` }))?.message).toMatch(/body_md5/);
  });

  it("refuses a wrong key, version, signature or missing timestamp with status 401", () => {
    const tampers: Array<Record<string, string>> = [
      { auth_key: "other" },
      { auth_version: "2.0" },
      { auth_signature: "0".repeat(64) },
      // The right signature in upper case, or with a character too many: only the exact hex string is accepted.
      { auth_signature: request().params.get("auth_signature")!.toUpperCase() },
      { auth_signature: `${request().params.get("auth_signature")!}0` },
      { auth_timestamp: "soon" },
    ];
    for (const tamper of tampers) {
      const error = verifyRestRequest(request({ tamper }));
      expect(error?.status).toBe(401);
    }
  });

  it("refuses a request signed with another secret", () => {
    const signed = signRestRequest({ key, secret: "not-the-secret", method: "GET", path: "/apps/3/channels", timestamp: now });
    const params = new Map(Object.entries(signed));
    expect(verifyRestRequest({ key, secret, method: "GET", path: "/apps/3/channels", params, body: "", nowSeconds: now })?.message).toBe(
      "Invalid signature",
    );
  });
});

describe("verifyRestSignature and verifyBodyMd5 (the checks before and after the body)", () => {
  const now = 1_700_000_000;
  const body = '{"name":"e","channels":["c"],"data":"{}"}';
  const signed = signRestRequest({ key, secret, method: "POST", path: "/apps/3/events", body, timestamp: now });
  const line = (tamper: Record<string, string> = {}) => ({
    key,
    secret,
    method: "POST",
    path: "/apps/3/events",
    params: new Map(Object.entries({ ...signed, ...tamper })),
    nowSeconds: now,
  });

  it("accepts the signed request line without its body: the signature covers body_md5, not the body", () => {
    expect(verifyRestSignature(line())).toBeUndefined();
  });

  it("refuses a forged body_md5 parameter before any body is seen", () => {
    expect(verifyRestSignature(line({ body_md5: md5Hex("other") }))?.message).toBe("Invalid signature");
  });

  it("checks the body against body_md5 once it is read", () => {
    const params = line().params;
    expect(verifyBodyMd5(params, body)).toBeUndefined();
    expect(verifyBodyMd5(params, `${body} `)?.status).toBe(401);
    expect(verifyBodyMd5(new Map(), "")).toBeUndefined();
    expect(verifyBodyMd5(new Map(), body)?.message).toMatch(/body_md5/);
  });
});

describe("safeEqual", () => {
  it("compares equal-length strings and refuses different lengths", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
    expect(safeEqual("", "")).toBe(true);
  });
});
