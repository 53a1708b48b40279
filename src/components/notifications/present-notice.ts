"use client";

import { toast } from "sonner";

import type { Notice } from "@/lib/notifications";

/** The one toast the notices share: a new notice replaces it, a burst becomes "N new notifications". */
export const NOTICE_TOAST_ID = "coachpro-notices";
/** Tabs of one user agree here on which of them presented a notice. */
const SHOWN_KEY = "coachpro:notices-shown";
const SHOWN_KEEP = 50;
/** A hidden tab waits this long before it tries: a visible tab of the same user goes first (and toasts). */
export const HIDDEN_TAB_DELAY_MS = 400;

export interface PresentOptions {
  /** Opens what the notice is about (and marks it read). */
  open: (notice: Notice) => void;
  /** Opens the bell's list (for a burst). */
  openList: () => void;
}

/** Notices in the toast now (reset when it closes). */
let burst: Notice[] = [];

/**
 * Presents a new notice once per person, in the channel that fits: a toast
 * when this page is visible; a browser notification (tagged with the notice
 * id) when it is hidden and the person allowed them; nothing more otherwise
 * (the bell always lists it). Of all the person's tabs only one presents it:
 * the first to claim it, with visible tabs first.
 */
export async function presentNotice(notice: Notice, options: PresentOptions): Promise<"toast" | "browser" | "none"> {
  const visible = document.visibilityState === "visible";
  if (!visible) await new Promise((resolve) => setTimeout(resolve, HIDDEN_TAB_DELAY_MS));
  if (!(await claim(notice.id))) return "none";
  if (document.visibilityState === "visible") {
    showToast(notice, options);
    return "toast";
  }
  if (!("Notification" in window) || Notification.permission !== "granted") return "none";
  const shown = new Notification(notice.title, { body: notice.body, tag: notice.id });
  shown.onclick = () => {
    window.focus();
    options.open(notice);
    shown.close();
  };
  return "browser";
}

/** The toast for one notice, or the burst it joins: one toast at a time, replaced in place. */
function showToast(notice: Notice, { open, openList }: PresentOptions) {
  burst = [...burst.filter((held) => held.id !== notice.id), notice];
  const reset = () => {
    burst = [];
  };
  if (burst.length === 1) {
    toast(notice.title, {
      id: NOTICE_TOAST_ID,
      description: notice.body,
      action: { label: "Open", onClick: () => open(notice) },
      onDismiss: reset,
      onAutoClose: reset,
    });
    return;
  }
  toast(`${burst.length} new notifications`, {
    id: NOTICE_TOAST_ID,
    description: burst.map((held) => held.title).slice(-3).reverse().join(" · "),
    action: { label: "Show", onClick: openList },
    onDismiss: reset,
    onAutoClose: reset,
  });
}

/** Forgets the burst (tests). */
export function resetPresentation(): void {
  burst = [];
}

/**
 * Claims the presenting of notice `id` for this tab: true for exactly one of
 * the person's tabs in this browser (a Web Lock serialises the check where
 * the browser has them; the record lives in localStorage, which every tab of
 * the origin shares).
 */
async function claim(id: string): Promise<boolean> {
  const take = () => {
    let shown: string[] = [];
    try {
      shown = JSON.parse(localStorage.getItem(SHOWN_KEY) ?? "[]") as string[];
      if (!Array.isArray(shown)) shown = [];
    } catch {
      shown = [];
    }
    if (shown.includes(id)) return false;
    try {
      localStorage.setItem(SHOWN_KEY, JSON.stringify([...shown, id].slice(-SHOWN_KEEP)));
    } catch {
      // Storage full or refused: this tab presents it; others may too.
    }
    return true;
  };
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  if (!locks) return take();
  return locks.request(SHOWN_KEY, take);
}
