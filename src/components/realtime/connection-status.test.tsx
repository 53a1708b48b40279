import { act, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { useFakePusherWithFakeTimers } from "../../../tests/support/fake-pusher-clock";

import type { PusherClientConfig } from "@/config/settings";

const pusherJs = vi.hoisted(async () => ({ FakePusher: (await import("../../../tests/support/fake-pusher")).FakePusher }));

vi.mock("pusher-js", async () => ({ default: (await pusherJs).FakePusher }));

const { FakePusher } = await pusherJs;
const { RealtimeProvider } = await import("@/providers/realtime-provider");
const { ConnectionStatus } = await import("./connection-status");

const config: PusherClientConfig = { key: "k", cluster: "mt1", wsHost: null, wsPort: 6001, forceTLS: false };

describe("ConnectionStatus", () => {
  useFakePusherWithFakeTimers();

  it("says Connecting…, Connected, Reconnecting… and Offline in a live region", async () => {
    render(
      <RealtimeProvider config={config} mode="embedded">
        <ConnectionStatus />
      </RealtimeProvider>,
    );
    const status = screen.getByRole("status");
    await act(() => vi.dynamicImportSettled());
    expect(status).toHaveAttribute("aria-live", "polite");
    expect(status).toHaveTextContent("Connecting…");
    const client = FakePusher.instances[0]!;
    act(() => client.move("connected"));
    expect(status).toHaveTextContent("Connected");
    expect(status).toHaveAttribute("data-state", "connected");
    act(() => client.move("connecting"));
    expect(status).toHaveTextContent("Reconnecting…");
    act(() => client.move("unavailable"));
    expect(status).toHaveTextContent("Offline");
  });
});
