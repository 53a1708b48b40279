/**
 * Opening what a notice is about from its `href`: a chat message or an
 * athlete's row through the deep links (deep-links.ts), a tab of the coaching
 * page (announcements lead to Activity) through a tab event, both in-page on
 * the coaching page; from any other page (a class page) by navigating there.
 */
import { openDeepLink, parseDeepLink } from "./deep-links";

const TAB_EVENT = "coachpro:open-tab";
const TAB = /^[a-z]{1,20}$/;

/** Opens `href` (a same-origin path and query, as notices carry). */
export function openNoticeHref(href: string): void {
  if (!href.startsWith("/") || href.startsWith("//")) return;
  if (window.location.pathname !== "/") {
    window.location.assign(href);
    return;
  }
  const link = parseDeepLink(href);
  if (link) {
    openDeepLink(link);
    return;
  }
  const tab = new URLSearchParams(href.split("?")[1] ?? "").get("tab");
  if (!tab || !TAB.test(tab)) return;
  const url = new URL(window.location.href);
  url.search = `?tab=${tab}`;
  window.history.pushState(window.history.state, "", url);
  window.dispatchEvent(new CustomEvent<string>(TAB_EVENT, { detail: tab }));
}

/** Calls `handler` with the tab a notice opened on this page; returns the unsubscribe. */
export function onOpenTab(handler: (tab: string) => void): () => void {
  const listener = (event: Event) => handler((event as CustomEvent<string>).detail);
  window.addEventListener(TAB_EVENT, listener);
  return () => window.removeEventListener(TAB_EVENT, listener);
}
