import { act, render, screen } from "@testing-library/react";
import { StrictMode } from "react";
import { describe, expect, it, vi } from "vitest";

import { useFakePusherWithFakeTimers } from "../../tests/support/fake-pusher-clock";

import type { PusherClientConfig } from "@/config/settings";

const pusherJs = vi.hoisted(async () => ({ FakePusher: (await import("../../tests/support/fake-pusher")).FakePusher }));

vi.mock("pusher-js", async () => ({ default: (await pusherJs).FakePusher }));

const { FakePusher } = await pusherJs;
const { RealtimeProvider, useRealtime } = await import("./realtime-provider");

const config: PusherClientConfig = { key: "k", cluster: "mt1", wsHost: null, wsPort: 6001, forceTLS: false };

/** Shows the provider's status the way a component reads it. */
function Status() {
  const { status } = useRealtime();
  return (
    <p role="status" data-state={status}>
      {status}
    </p>
  );
}

/** pusher-js is imported when the provider first subscribes: let that import finish. */
const loaded = () => act(() => vi.dynamicImportSettled());

function Page({ enabled = true }: { enabled?: boolean }) {
  return (
    <StrictMode>
      <RealtimeProvider config={config} mode="embedded" enabled={enabled}>
        <Status />
      </RealtimeProvider>
    </StrictMode>
  );
}

describe("RealtimeProvider", () => {
  useFakePusherWithFakeTimers();

  it("creates one pusher-js client per tab, even under StrictMode", async () => {
    render(<Page />);
    await act(async () => vi.runAllTimers());
    expect(FakePusher.instances).toHaveLength(1);
    expect(FakePusher.instances[0]!.disconnected).toBe(0);
  });

  it("connects to the page's host on the embedded port, WebSockets only", async () => {
    render(<Page />);
    await loaded();
    const options = FakePusher.instances[0]!.options;
    expect(options).toMatchObject({
      cluster: "mt1",
      wsHost: window.location.hostname,
      wsPort: 6001,
      forceTLS: false,
      enabledTransports: ["ws", "wss"],
      channelAuthorization: { endpoint: "/api/pusher/auth", transport: "ajax" },
    });
  });

  it("disconnects when the last user unmounts", async () => {
    const { unmount } = render(<Page />);
    await loaded();
    unmount();
    await act(async () => vi.runAllTimers());
    expect(FakePusher.instances[0]!.disconnected).toBe(1);
  });

  it("reports connecting, connected, reconnecting and offline", async () => {
    render(<Page />);
    const status = screen.getByRole("status");
    expect(status).toHaveTextContent("connecting");
    await loaded();
    const client = FakePusher.instances[0]!;
    act(() => client.move("connected"));
    expect(status).toHaveTextContent("connected");
    expect(status).toHaveAttribute("data-state", "connected");
    act(() => client.move("connecting"));
    expect(status).toHaveTextContent("reconnecting");
    act(() => client.move("unavailable"));
    expect(status).toHaveTextContent("offline");
  });

  it("says offline when the browser loses the network", async () => {
    render(<Page />);
    await loaded();
    act(() => FakePusher.instances[0]!.move("connected"));
    const online = vi.spyOn(navigator, "onLine", "get").mockReturnValue(false);
    act(() => {
      window.dispatchEvent(new Event("offline"));
    });
    expect(screen.getByRole("status")).toHaveTextContent("offline");
    online.mockRestore();
  });

  it("creates no client and opens no connection while nobody is signed in", async () => {
    render(<Page enabled={false} />);
    await loaded();
    await act(async () => vi.runAllTimers());
    expect(FakePusher.instances).toHaveLength(0);
    expect(screen.getByRole("status")).toHaveTextContent("connecting");
  });

  it("connects on sign-in and disconnects on sign-out", async () => {
    const { rerender } = render(<Page enabled={false} />);
    rerender(<Page enabled />);
    await loaded();
    expect(FakePusher.instances).toHaveLength(1);
    rerender(<Page enabled={false} />);
    await act(async () => vi.runAllTimers());
    expect(FakePusher.instances[0]!.disconnected).toBe(1);
  });

  it("throws a clear error when used outside the provider", () => {
    function Orphan() {
      useRealtime();
      return null;
    }
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect(() => render(<Orphan />)).toThrow("useRealtime must be used inside <RealtimeProvider>");
  });
});
