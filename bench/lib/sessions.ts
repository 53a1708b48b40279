/** Signs synthetic users in through `POST /api/session`, as a browser would. */
import type { RunningApp } from "./app";
import type { HttpClient } from "./http-client";
import { mapConcurrent } from "./time";

/** The session cookie's name (DESIGN.md: a signed, httpOnly session cookie). */
const SESSION_COOKIE = "coachpro_session";

export interface SessionOptions {
  count: number;
  role: "athlete" | "coach";
  /** Offsets the synthetic addresses so two calls never share one. */
  firstAddress: number;
  concurrency?: number;
}

/**
 * A distinct client address per synthetic user: session creation is limited
 * per IP (the right-most X-Forwarded-For entry). 198.18.0.0/15 is the range
 * set aside for benchmarks; it only ever appears in this header.
 */
export function benchAddress(index: number): string {
  return `198.${18 + ((index >> 16) & 1)}.${(index >> 8) & 255}.${index & 255}`;
}

/** Creates `count` sessions; returns each one's `name=value` cookie. */
export async function createSessions(app: RunningApp, http: HttpClient, options: SessionOptions): Promise<string[]> {
  const indexes = Array.from({ length: options.count }, (_, i) => options.firstAddress + i);
  return mapConcurrent(indexes, options.concurrency ?? 16, async (index) => {
    const json = { name: `Bench ${options.role} ${index}`, role: options.role, ...(options.role === "coach" ? { accessCode: app.secrets.coachCode } : {}) };
    const res = await http.send({
      method: "POST",
      path: "/api/session",
      json,
      headers: { origin: app.origin, "x-forwarded-for": benchAddress(index) },
    });
    if (res.status !== 201) throw new Error(`POST /api/session answered ${res.status}: ${res.text.slice(0, 200)}`);
    const header = res.headers["set-cookie"];
    const cookies = Array.isArray(header) ? header : header ? [header] : [];
    const match = cookies.map((cookie) => new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(cookie)).find(Boolean);
    if (!match) throw new Error("POST /api/session set no session cookie");
    return `${SESSION_COOKIE}=${match[1]}`;
  });
}
