/**
 * Links to one thing on the coaching page: a chat message or an athlete's
 * leaderboard row. A notification (bell entry, toast, browser notification)
 * carries one as `href`; opening it switches the tab and hands the target to
 * the panel that shows it (which scrolls it into view and highlights it).
 *
 * The URL keeps the target (`/?tab=chat&message=m12-ab`), so a reload or a
 * link from outside the page (a push notification) opens the same thing.
 */
export type DeepLink = { tab: "chat"; message: string } | { tab: "leaderboard"; athlete: string };

const ID = /^[A-Za-z0-9_\-=@,.;]{1,64}$/;

/** The page URL (path and query) that opens `link`. */
export function deepLinkHref(link: DeepLink): string {
  const params = new URLSearchParams({ tab: link.tab });
  if (link.tab === "chat") params.set("message", link.message);
  else params.set("athlete", link.athlete);
  return `/?${params.toString()}`;
}

/** The target a query string (or a full same-origin href) names, or null when it names none or a malformed one. */
export function parseDeepLink(search: string | URLSearchParams): DeepLink | null {
  let params: URLSearchParams;
  if (typeof search === "string") {
    const query = search.includes("?") ? search.slice(search.indexOf("?") + 1) : search;
    params = new URLSearchParams(query.split("#")[0]);
  } else {
    params = search;
  }
  const tab = params.get("tab");
  const message = params.get("message");
  const athlete = params.get("athlete");
  if (tab === "chat" && message && ID.test(message)) return { tab, message };
  if (tab === "leaderboard" && athlete && ID.test(athlete)) return { tab, athlete };
  return null;
}

const EVENT = "coachpro:open";

/**
 * Opens `link` on this page: records it in the URL (one history entry, so
 * Back returns to where you were) and tells every listener (the tabs, the
 * chat, the leaderboard).
 */
export function openDeepLink(link: DeepLink): void {
  const url = new URL(window.location.href);
  url.search = deepLinkHref(link).slice(1);
  window.history.pushState(window.history.state, "", url);
  window.dispatchEvent(new CustomEvent<DeepLink>(EVENT, { detail: link }));
}

/** Calls `handler` for every link opened on this page; returns the unsubscribe. */
export function onDeepLink(handler: (link: DeepLink) => void): () => void {
  const listener = (event: Event) => handler((event as CustomEvent<DeepLink>).detail);
  window.addEventListener(EVENT, listener);
  return () => window.removeEventListener(EVENT, listener);
}
