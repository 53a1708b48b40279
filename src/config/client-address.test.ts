import { describe, expect, it } from "vitest";

import { clientAddress, isTrustedProxy } from "./client-address";

describe("clientAddress", () => {
  it("uses the peer itself when it is a public address, whatever X-Forwarded-For claims", () => {
    expect(clientAddress("203.0.113.9", "10.0.0.1")).toBe("203.0.113.9");
    expect(clientAddress("2001:db8::1", "1.2.3.4")).toBe("2001:db8::1");
  });

  it("trusts the right-most X-Forwarded-For entry behind a local or private proxy", () => {
    expect(clientAddress("127.0.0.1", "198.51.100.7, 203.0.113.4")).toBe("203.0.113.4");
    expect(clientAddress("::ffff:10.1.2.3", "198.51.100.7")).toBe("198.51.100.7");
    expect(clientAddress("::1", null)).toBe("::1");
  });

  it("falls back to X-Forwarded-For when no peer was recorded", () => {
    expect(clientAddress(null, "198.51.100.7")).toBe("198.51.100.7");
    expect(clientAddress(null, null)).toBe("unknown");
  });

  it("knows loopback and private ranges, and only those", () => {
    for (const address of ["127.0.0.1", "::1", "10.0.0.8", "192.168.1.1", "172.16.0.1", "172.31.255.255", "fd12:3456::1"]) {
      expect(isTrustedProxy(address), address).toBe(true);
    }
    for (const address of ["172.32.0.1", "8.8.8.8", "192.169.0.1", "2001:db8::1", "11.0.0.1"]) {
      expect(isTrustedProxy(address), address).toBe(false);
    }
  });
});
