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
      { channel: "presence-chat", occupied: true, subscriptionCount: 2, userCount: 2 },
      { channel: "admin-channel", occupied: false, subscriptionCount: 0 },
    ],
    ...overrides,
  };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const valueOf = (label: string) => within(screen.getByRole("group", { name: label })).getByText((_, element) => element?.getAttribute("data-slot") === "stat-value");

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

  it("shows loading, then labelled cards with values and rates, and the occupancy table", async () => {
    answers = [json(snapshot(T0)), json(snapshot(T0 + 2000, { realtime: { ...snapshot(T0).realtime!, connections: 4, messagesIn: 14 } }))];
    render(<MonitorPanel />);
    expect(screen.getByText("Loading the monitor…")).toBeInTheDocument();

    await tick(0);
    const panel = screen.getByRole("region", { name: "Monitor" });
    expect(valueOf("Connections")).toHaveTextContent("3");
    expect(within(screen.getByRole("group", { name: "Connections" })).getByText("peak 5")).toBeInTheDocument();
    expect(valueOf("Messages in/min")).toHaveTextContent("…");
    expect(valueOf("Triggers")).toHaveTextContent("2");

    await tick(2000);
    expect(valueOf("Connections")).toHaveTextContent("4");
    expect(valueOf("Messages in/min")).toHaveTextContent("120");
    expect(within(panel).getByRole("img", { name: /^Connections, last 5 minutes: between 3 and 4$/ })).toBeInTheDocument();

    const table = screen.getByRole("table", { name: "Channel occupancy" });
    expect(within(table).getByRole("row", { name: "presence-chat 2 2" })).toBeInTheDocument();
    for (const label of ["Messages out/min", "Channels", "Subscriptions", "API calls", "Errors", "Trigger failures"]) {
      expect(screen.getByRole("group", { name: label })).toBeInTheDocument();
    }
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

  it("says when the realtime server cannot be reached, and keeps the app's own numbers", async () => {
    answers = [json(snapshot(T0, { realtime: null, realtimeError: "Could not reach the realtime server.", occupancy: [], occupancyError: "Could not reach the realtime server." }))];
    render(<MonitorPanel />);
    await tick(0);
    expect(screen.getAllByRole("alert")[0]).toHaveTextContent("Could not reach the realtime server");
    expect(valueOf("Connections")).toHaveTextContent("—");
    expect(valueOf("Triggers")).toHaveTextContent("2");
  });

  it("shows the route's error (e.g. 403) and no cards", async () => {
    answers = [json({ error: { code: "coach_only", message: "Only coaches can see the monitor." } }, 403)];
    render(<MonitorPanel />);
    await tick(0);
    expect(screen.getByRole("alert")).toHaveTextContent("Only coaches can see the monitor.");
    expect(screen.queryByRole("group", { name: "Connections" })).not.toBeInTheDocument();
  });

  it("in hosted mode shows the app's counters and a note instead of server cards", async () => {
    answers = [json(snapshot(T0, { mode: "hosted", realtime: null }))];
    render(<MonitorPanel />);
    await tick(0);
    expect(screen.getByText(/Hosted Pusher Channels/)).toBeInTheDocument();
    expect(screen.queryByRole("group", { name: "Connections" })).not.toBeInTheDocument();
    expect(valueOf("API calls")).toHaveTextContent("4");
    expect(valueOf("Trigger failures")).toHaveTextContent("0");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });
});
