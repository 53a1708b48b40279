import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { toast, Toaster } from "sonner";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { onDeepLink, type DeepLink } from "@/lib/deep-links";
import type { Notice, NoticeList } from "@/lib/notifications";
import type { SessionUser } from "@/lib/schemas";
import { RealtimeProvider } from "@/providers/realtime-provider";
import { SessionProvider } from "@/providers/session-provider";

import { FakePusher } from "../../../tests/support/fake-pusher";
import { NotificationCenter } from "./notification-center";
import { resetPresentation } from "./present-notice";

vi.mock("pusher-js", async () => ({ default: (await import("../../../tests/support/fake-pusher")).FakePusher }));

const ana: SessionUser = { id: "ana1", name: "Ana", role: "athlete" };

const notice = (n: number, extra: Partial<Notice> = {}): Notice => ({
  id: `n-notice${n}`,
  kind: "mention",
  title: `Ben mentioned you (${n})`,
  body: `hi @Ana ${n}`,
  href: `/?tab=chat&message=m${n}-e1`,
  at: new Date(Date.UTC(2026, 11, 3, 9, 0, n)).toISOString(),
  read: false,
  ...extra,
});

/** The notification routes, answering from `list`; records what was posted. */
function fakeApi(list: NoticeList) {
  const posted: unknown[] = [];
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    if (url.startsWith("/api/notifications/read")) {
      posted.push(JSON.parse(String(init?.body)));
      return Response.json({ read: [], unread: 0 });
    }
    return Response.json(list);
  });
  return { fetch, posted };
}

const channel = () => FakePusher.instances.at(-1)!.channel(`private-user-${ana.id}`)!;
const toasts = () => [...document.querySelectorAll<HTMLElement>("[data-sonner-toast]")];

async function renderBell() {
  render(
    <SessionProvider user={ana}>
      <RealtimeProvider config={{ key: "k", cluster: "mt1", wsHost: null, wsPort: 6001, forceTLS: false }} mode="embedded">
        <NotificationCenter />
        <Toaster />
      </RealtimeProvider>
    </SessionProvider>,
  );
  await act(() => vi.dynamicImportSettled());
  act(() => {
    FakePusher.instances.at(-1)!.move("connected");
    channel().emit("pusher:subscription_succeeded");
  });
}

const bell = (name: RegExp | string) => screen.getByRole("button", { name });
const list = () => screen.getByRole("list", { name: "Notifications received" });

let hidden = false;

describe("NotificationCenter", () => {
  let api: ReturnType<typeof fakeApi>;

  beforeEach(() => {
    FakePusher.instances = [];
    hidden = false;
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (hidden ? "hidden" : "visible") });
    localStorage.clear();
    resetPresentation();
    window.history.replaceState(null, "", "/?tab=leaderboard");
    api = fakeApi({ notices: [notice(2), notice(1, { read: true })], unread: 1 });
    vi.stubGlobal("fetch", api.fetch);
  });
  afterEach(async () => {
    act(() => toast.dismiss());
    cleanup();
    await new Promise((resolve) => setTimeout(resolve, 5));
    vi.unstubAllGlobals();
  });

  it("loads the list from the server, shows read and unread, and marks one read", async () => {
    await renderBell();
    fireEvent.click(await screen.findByRole("button", { name: "Notifications, 1 unread" }));
    const items = within(list()).getAllByRole("listitem");
    expect(items).toHaveLength(2);
    expect(within(items[0]!).getByRole("link")).toHaveAccessibleName(/^Unread: Ben mentioned you \(2\)/);
    expect(within(items[1]!).getByRole("link")).not.toHaveAccessibleName(/Unread/);
    expect(within(items[1]!).queryByRole("button", { name: /Mark as read/ })).toBeNull();

    fireEvent.click(within(items[0]!).getByRole("button", { name: "Mark as read: Ben mentioned you (2)" }));
    expect(bell("Notifications")).toBeInTheDocument();
    await waitFor(() => expect(api.posted).toEqual([{ ids: ["n-notice2"] }]));
    expect(within(list()).queryByRole("button", { name: /Mark as read/ })).toBeNull();
  });

  it("marks all read, and takes read marks from the person's other tabs at once", async () => {
    api = fakeApi({ notices: [notice(3), notice(2), notice(1)], unread: 3 });
    vi.stubGlobal("fetch", api.fetch);
    await renderBell();
    await screen.findByRole("button", { name: "Notifications, 3 unread" });
    act(() => channel().emit("notifications-read", { ids: ["n-notice1"], unread: 2 }));
    fireEvent.click(bell("Notifications, 2 unread"));
    expect(within(list()).getAllByRole("button", { name: /Mark as read/ })).toHaveLength(2);
    fireEvent.click(screen.getByRole("button", { name: "Mark all as read" }));
    await waitFor(() => expect(api.posted).toEqual([{ all: true }]));
    expect(bell("Notifications")).toBeInTheDocument();
    expect(within(list()).queryAllByRole("button", { name: /Mark as read/ })).toHaveLength(0);
  });

  it("opens what an entry is about through the deep link, marks it read and closes", async () => {
    const opened: DeepLink[] = [];
    const stop = onDeepLink((link) => opened.push(link));
    await renderBell();
    fireEvent.click(await screen.findByRole("button", { name: "Notifications, 1 unread" }));
    const link = within(list()).getByRole("link", { name: /Ben mentioned you \(2\)/ });
    expect(link).toHaveAttribute("href", "/?tab=chat&message=m2-e1");
    fireEvent.click(link);
    expect(opened).toEqual([{ tab: "chat", message: "m2-e1" }]);
    expect(window.location.search).toBe("?tab=chat&message=m2-e1");
    expect(screen.queryByRole("region", { name: "Notification list" })).toBeNull();
    await waitFor(() => expect(api.posted).toEqual([{ ids: ["n-notice2"] }]));
    expect(bell("Notifications")).toBeInTheDocument();
    stop();
  });

  it("adds a live notice once, with one toast, and collapses a burst into one toast", async () => {
    await renderBell();
    await screen.findByRole("button", { name: "Notifications, 1 unread" });
    act(() => channel().emit("notification-added", { notice: notice(3), unread: 2 }));
    act(() => channel().emit("notification-added", { notice: notice(3), unread: 2 }));
    await waitFor(() => expect(toasts()).toHaveLength(1));
    expect(toasts()[0]).toHaveTextContent("Ben mentioned you (3)");
    expect(bell("Notifications, 2 unread")).toBeInTheDocument();

    act(() => channel().emit("notification-added", { notice: notice(4, { kind: "award", title: "+10 points — now #2" }), unread: 3 }));
    act(() => channel().emit("notification-added", { notice: notice(5, { kind: "announcement", title: "Bus at 7" }), unread: 4 }));
    await waitFor(() => expect(toasts()[0]).toHaveTextContent("3 new notifications"));
    expect(toasts()).toHaveLength(1);

    // "Show" opens the bell's list, where all of them are.
    fireEvent.click(within(toasts()[0]!).getByRole("button", { name: "Show" }));
    expect(within(list()).getAllByRole("listitem")).toHaveLength(5);
    expect(bell("Notifications, 4 unread")).toBeInTheDocument();
  });

  it("clears the toasts when the list opens: the list holds the same notices, and a toast would cover it", async () => {
    await renderBell();
    await screen.findByRole("button", { name: "Notifications, 1 unread" });
    act(() => channel().emit("notification-added", { notice: notice(3), unread: 2 }));
    await waitFor(() => expect(toasts()).toHaveLength(1));
    fireEvent.click(bell("Notifications, 2 unread"));
    expect(within(list()).getAllByRole("listitem")).toHaveLength(3);
    await waitFor(() => expect(toasts()).toHaveLength(0));
  });

  it("presents a notice stored just before the list loaded once, even when its live event follows", async () => {
    const fresh = notice(7, { at: new Date().toISOString() });
    api = fakeApi({ notices: [fresh, notice(1, { read: true })], unread: 1 });
    vi.stubGlobal("fetch", api.fetch);
    await renderBell();
    await waitFor(() => expect(toasts()).toHaveLength(1));
    expect(toasts()[0]).toHaveTextContent("Ben mentioned you (7)");
    act(() => channel().emit("notification-added", { notice: fresh, unread: 1 }));
    act(() => channel().emit("pusher:subscription_succeeded"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(toasts()).toHaveLength(1);
    expect(toasts()[0]).toHaveTextContent("Ben mentioned you (7)");
  });

  it("shows a browser notification (tagged, once) instead of a toast when the page is hidden and allowed", async () => {
    const shown: { title: string; options?: NotificationOptions }[] = [];
    class RecordingNotification {
      static permission = "granted";
      onclick: (() => void) | null = null;
      constructor(title: string, options?: NotificationOptions) {
        shown.push({ title, options });
      }
      close() {}
    }
    vi.stubGlobal("Notification", RecordingNotification);
    await renderBell();
    await screen.findByRole("button", { name: "Notifications, 1 unread" });
    hidden = true;
    act(() => channel().emit("notification-added", { notice: notice(6), unread: 2 }));
    await waitFor(() => expect(shown).toHaveLength(1));
    expect(shown[0]).toEqual({ title: "Ben mentioned you (6)", options: { body: "hi @Ana 6", tag: "n-notice6" } });
    expect(toasts()).toHaveLength(0);
    // Another tab of the same person (the same browser storage) does not show it again.
    const { presentNotice } = await import("./present-notice");
    expect(await presentNotice(notice(6), { open: () => {}, openList: () => {} })).toBe("none");
    expect(shown).toHaveLength(1);
  });
});
