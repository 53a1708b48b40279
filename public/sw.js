/* CoachPro's service worker: shows Web Push notices while no CoachPro tab is
   open, and opens what a notice is about when it is clicked. It caches
   nothing: the app itself always comes from the network. */

const FALLBACK = { title: "CoachPro", body: "You have a new notification.", href: "/", tag: "coachpro" };

/** A same-origin path to open, never another site (a payload is data, not an instruction). */
function safeHref(href) {
  try {
    const url = new URL(href, self.location.origin);
    return url.origin === self.location.origin ? url.pathname + url.search : "/";
  } catch {
    return "/";
  }
}

function readPayload(data) {
  if (!data) return FALLBACK;
  try {
    const value = data.json();
    if (typeof value !== "object" || value === null || typeof value.title !== "string") return FALLBACK;
    return {
      title: value.title.slice(0, 120),
      body: typeof value.body === "string" ? value.body.slice(0, 300) : undefined,
      href: safeHref(typeof value.href === "string" ? value.href : "/"),
      tag: typeof value.tag === "string" ? value.tag.slice(0, 80) : FALLBACK.tag,
    };
  } catch {
    return FALLBACK;
  }
}

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("push", (event) => {
  const notice = readPayload(event.data);
  event.waitUntil(
    self.registration.showNotification(notice.title, {
      body: notice.body,
      tag: notice.tag,
      icon: "/icon-192.png",
      badge: "/icon-192.png",
      data: { href: notice.href },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const href = safeHref(event.notification.data && event.notification.data.href);
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
      if (open) {
        await open.focus();
        return open.navigate(href);
      }
      return self.clients.openWindow(href);
    })(),
  );
});
