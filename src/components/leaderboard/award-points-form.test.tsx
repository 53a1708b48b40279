import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { useLeaderboard } from "@/hooks/use-pusher";
import { API_TIMEOUT_MS } from "@/lib/api-client";
import { RealtimeProvider } from "@/providers/realtime-provider";
import { SessionProvider } from "@/providers/session-provider";

import { AwardPointsForm } from "./award-points-form";

vi.mock("pusher-js", async () => ({ default: (await import("../../../tests/support/fake-pusher")).FakePusher }));

const coach = { id: "coach1", name: "Cora", role: "coach" as const };

/** /api/leaderboard: GETs answer an empty board; POSTs follow the script, one step each. */
function fakeApi(script: ("hang" | "fail" | "ok")[]) {
  const posts: { key: string | undefined; body: unknown }[] = [];
  const fetch = vi.fn(async (_url: string, init?: RequestInit) => {
    if ((init?.method ?? "GET") === "GET") return Response.json({ leaderboard: [], epoch: "e1", total: 0, version: 0, updatedAt: "t" });
    posts.push({ key: new Headers(init?.headers).get("idempotency-key") ?? undefined, body: JSON.parse(String(init?.body)) });
    const step = script.shift() ?? "ok";
    if (step === "fail") throw new TypeError("Failed to fetch");
    if (step === "hang") {
      return new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason)));
    }
    const entry = { userId: "sam", name: "Sam", score: 50, rank: 1, previousRank: null, change: null };
    return Response.json({ leaderboard: [entry], epoch: "e1", total: 1, version: posts.length, updatedAt: "t", changes: [entry], awards: [] });
  });
  return { fetch, posts };
}

function Board() {
  const board = useLeaderboard();
  return <AwardPointsForm athletes={[{ userId: "sam", name: "Sam", ranked: false }]} updateScore={board.updateScore} />;
}

async function renderForm() {
  const wrapper = ({ children }: { children: ReactNode }) => (
    <SessionProvider user={coach}>
      <RealtimeProvider config={{ key: "k", cluster: "mt1", wsHost: null, wsPort: 6001, forceTLS: false }} mode="embedded">
        {children}
      </RealtimeProvider>
    </SessionProvider>
  );
  render(<Board />, { wrapper });
  await act(() => vi.dynamicImportSettled());
  pickAthlete("Sa");
  fireEvent.change(screen.getByLabelText("Points"), { target: { value: "50" } });
}

/** Keyboard only: type part of the name, move to the first match, press Enter. */
function pickAthlete(typed: string) {
  const input = screen.getByRole("combobox", { name: "Athlete" });
  fireEvent.change(input, { target: { value: typed } });
  fireEvent.keyDown(input, { key: "ArrowDown" });
  fireEvent.keyDown(input, { key: "Enter" });
}

const settle = () => act(() => vi.advanceTimersByTimeAsync(0));

describe("AwardPointsForm", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    cleanup();
    vi.runOnlyPendingTimers();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("retries an award that timed out with the same Idempotency-Key, and the next award gets a new one", async () => {
    const api = fakeApi(["hang", "ok", "ok"]);
    vi.stubGlobal("fetch", api.fetch);
    await renderForm();
    fireEvent.click(screen.getByRole("button", { name: "Award" }));
    await act(() => vi.advanceTimersByTimeAsync(API_TIMEOUT_MS));
    expect(screen.getByRole("alert")).toHaveTextContent(/did not answer in time/);

    fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    await settle();
    expect(screen.queryByRole("alert")).toBeNull();
    expect(api.posts).toHaveLength(2);
    expect(api.posts[1]!.key).toBe(api.posts[0]!.key);
    expect(api.posts[1]!.body).toEqual(api.posts[0]!.body);

    // Landed: the form starts again; awarding the same again is a new award.
    pickAthlete("Sa");
    fireEvent.change(screen.getByLabelText("Points"), { target: { value: "50" } });
    fireEvent.click(screen.getByRole("button", { name: "Award" }));
    await settle();
    expect(api.posts).toHaveLength(3);
    expect(api.posts[2]!.key).not.toBe(api.posts[0]!.key);
  });

  it("keeps the key across a network failure, and takes a new one when the inputs change", async () => {
    const api = fakeApi(["fail", "fail", "ok"]);
    vi.stubGlobal("fetch", api.fetch);
    await renderForm();
    fireEvent.click(screen.getByRole("button", { name: "Award" }));
    await settle();
    fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    await settle();
    expect(api.posts[1]!.key).toBe(api.posts[0]!.key);

    fireEvent.change(screen.getByLabelText("Points"), { target: { value: "60" } });
    expect(screen.getByRole("button", { name: "Award" })).toBeEnabled();
    fireEvent.click(screen.getByRole("button", { name: "Award" }));
    await settle();
    expect(api.posts[2]!.key).not.toBe(api.posts[0]!.key);
  });

  it("sends one request for two submits in a row while the first is in flight", async () => {
    const api = fakeApi(["hang"]);
    vi.stubGlobal("fetch", api.fetch);
    await renderForm();
    const form = screen.getByRole("form", { name: "Award points" });
    fireEvent.submit(form);
    fireEvent.submit(form);
    fireEvent.click(screen.getByRole("button", { name: "Awarding…" }));
    await settle();
    expect(api.posts).toHaveLength(1);
    expect(screen.getByRole("button", { name: "Awarding…" })).toBeDisabled();
  });
});
