import { act, render, screen, within } from "@testing-library/react";
import { StrictMode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import type { MonitorSnapshot } from "@/lib/monitor";

import { MonitorPanel } from "./monitor-panel";

const T0 = Date.parse("2026-01-01T10:00:00.000Z");

function snapshot(at: number, overrides: Partial<MonitorSnapshot> = {}): MonitorSnapshot {
  return {
    mode: "embedded",
    takenAt: new Date(at).toISOString(),
    app: { apiCalls: 4, apiFailures: 0, triggers: 2, triggerFailures: 0, channelAuths: 1, channelAuthRefusals: 0 },
    realtime: {
      connections: 3,
      peakConnections: 5,
      channels: 2,
      subscriptions: 4,
      messagesIn: 10,
      messagesOut: 20,
      apiCalls: 7,
      errors: 0,
      uptimeSeconds: 60,
    },
    occupancy: [
      { channel: "chat-channel", occupied: true, subscriptionCount: 3 },
      { channel: "presence-chat", occupied: true, subscriptionCount: 3, userCount: 2 },
      { channel: "presence-class-*", occupied: true, subscriptionCount: 1, userCount: 1, channelCount: 1 },
      { channel: "admin-channel", occupied: false, subscriptionCount: 0 },
    ],
    store: { kind: "redis", up: true },
    chat: { messagesLastMinute: 4, capped: false },
    ...overrides,
  };
}

const down = { realtime: null, realtimeError: "Could not reach the realtime server.", occupancy: [], occupancyError: "Could not reach the realtime server." };

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const valueOf = (label: string) => within(screen.getByRole("group", { name: label })).getByText((_, element) => element?.getAttribute("data-slot") === "stat-value");
const status = () => screen.getByRole("list", { name: "Service status" });
/** Protocol words a coach should never have to read. */
const JARGON = /channel|socket|frame|p95|subscription|trigger|presence|occupan|redis|pusher|api/i;

describe("MonitorPanel", () => {
  let answers: Response[];
  const fetchMock = vi.fn(async () => answers.shift() ?? json(snapshot(T0 + 60_000)));

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    fetchMock.mockClear();
    vi.stubGlobal("fetch", fetchMock);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  async function tick(ms: number) {
    await act(async () => {
      await vi.advanceTimersByTimeAsync(ms);
    });
  }

  it("says it is checking, then a healthy service and saved data in words, and the figures a coach cares about", async () => {
    answers = [json(snapshot(T0))];
    const { container } = render(<MonitorPanel />);
    expect(screen.getByText("Checking the live service…")).toBeInTheDocument();

    await tick(0);
    expect(screen.getByRole("heading", { level: 1, name: "Monitor" })).toBeInTheDocument();
    expect(within(status()).getByText("Live service: healthy")).toBeInTheDocument();
    expect(within(status()).getByText(/reach everyone the moment they are sent/)).toBeInTheDocument();
    expect(within(status()).getByText("Saved data: working")).toBeInTheDocument();
    expect(within(status()).getByText(/shared database/)).toBeInTheDocument();
    expect(valueOf("People online now")).toHaveTextContent("2");
    expect(within(screen.getByRole("group", { name: "People online now" })).getByText("3 open pages")).toBeInTheDocument();
    expect(valueOf("Messages in the last minute")).toHaveTextContent("4");
    expect(valueOf("Classes with people in them")).toHaveTextContent("1");
    expect(container.textContent).not.toMatch(JARGON);
  });

  it("says 'having trouble' when part of the service does not answer, and what it means", async () => {
    answers = [json(snapshot(T0, { realtime: null, realtimeError: "Could not reach the realtime server." }))];
    const { container } = render(<MonitorPanel />);
    await tick(0);
    const row = within(status()).getByText("Live service: having trouble").closest("li")!;
    expect(row).toHaveAttribute("data-state", "degraded");
    expect(row).toHaveTextContent(/Part of the live service is not answering\. Pages catch up by checking every few seconds/);
    expect(valueOf("People online now")).toHaveTextContent("2");
    expect(container.textContent).not.toMatch(JARGON);
  });

  it("says 'having trouble' when updates failed to go out in the last minute", async () => {
    const failing = (at: number, failures: number) => snapshot(at, { app: { ...snapshot(T0).app, triggerFailures: failures } });
    answers = [json(failing(T0, 0)), json(failing(T0 + 2000, 0)), json(failing(T0 + 4000, 2))];
    render(<MonitorPanel />);
    await tick(0);
    await tick(2000);
    expect(within(status()).getByText("Live service: healthy")).toBeInTheDocument();
    await tick(2000);
    expect(within(status()).getByText("Live service: having trouble").closest("li")).toHaveTextContent("Some live updates did not go out in the last minute.");
  });

  it("says 'down' when the live service cannot be reached, with unknown figures as a dash", async () => {
    answers = [json(snapshot(T0, down))];
    const { container } = render(<MonitorPanel />);
    await tick(0);
    const row = within(status()).getByText("Live service: down").closest("li")!;
    expect(row).toHaveAttribute("data-state", "down");
    expect(row).toHaveTextContent(/Pages cannot get instant updates/);
    expect(valueOf("People online now")).toHaveTextContent("—");
    expect(valueOf("Classes with people in them")).toHaveTextContent("—");
    expect(valueOf("Messages in the last minute")).toHaveTextContent("4");
    expect(container.textContent).not.toMatch(JARGON);
  });

  it("in hosted mode is healthy without server figures, and down only when nothing answers", async () => {
    answers = [json(snapshot(T0, { mode: "hosted", realtime: null })), json(snapshot(T0 + 2000, { ...down, mode: "hosted" }))];
    render(<MonitorPanel />);
    await tick(0);
    expect(within(status()).getByText("Live service: healthy")).toBeInTheDocument();
    expect(within(screen.getByRole("group", { name: "People online now" })).queryByText(/open page/)).not.toBeInTheDocument();
    await tick(2000);
    expect(within(status()).getByText("Live service: down")).toBeInTheDocument();
  });

  it("says when saved data cannot be written, and when it lives in memory only", async () => {
    answers = [json(snapshot(T0, { store: { kind: "redis", up: false }, chat: null })), json(snapshot(T0 + 2000, { store: { kind: "memory", up: true } }))];
    render(<MonitorPanel />);
    await tick(0);
    const row = within(status()).getByText("Saved data: not answering").closest("li")!;
    expect(row).toHaveAttribute("data-state", "down");
    expect(row).toHaveTextContent("cannot be saved until the database is back");
    expect(valueOf("Messages in the last minute")).toHaveTextContent("—");
    expect(screen.getByText("not known right now")).toBeInTheDocument();
    await tick(2000);
    expect(within(status()).getByText(/a restart clears chat history and scores/)).toBeInTheDocument();
  });

  it("shows a busy chat as 100+", async () => {
    answers = [json(snapshot(T0, { chat: { messagesLastMinute: 100, capped: true } }))];
    render(<MonitorPanel />);
    await tick(0);
    expect(valueOf("Messages in the last minute")).toHaveTextContent("100+");
  });

  it("polls every 2 s, once per interval even under StrictMode, and stops when unmounted", async () => {
    answers = [];
    const { unmount } = render(
      <StrictMode>
        <MonitorPanel />
      </StrictMode>,
    );
    await tick(0);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    await tick(1999);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    await tick(1);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    unmount();
    await tick(10_000);
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it("shows the route's error (e.g. 403) and no figures", async () => {
    answers = [json({ error: { code: "coach_only", message: "Only coaches can see the monitor." } }, 403)];
    render(<MonitorPanel />);
    await tick(0);
    expect(screen.getByRole("alert")).toHaveTextContent("Could not get the latest figures: Only coaches can see the monitor.");
    expect(screen.queryByRole("group", { name: "People online now" })).not.toBeInTheDocument();
  });
});
