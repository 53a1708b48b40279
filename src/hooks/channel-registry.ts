import type Pusher from "pusher-js";
import type { Channel } from "pusher-js";

const counts = new WeakMap<Pusher, Map<string, { users: number; pendingRelease?: ReturnType<typeof setTimeout> }>>();

/**
 * Subscribes to `name` on behalf of one component; components share one
 * pusher-js subscription. Pair every call with releaseChannel.
 */
export function retainChannel(pusher: Pusher, name: string): Channel {
  let channels = counts.get(pusher);
  if (!channels) counts.set(pusher, (channels = new Map()));
  const entry = channels.get(name) ?? { users: 0 };
  clearTimeout(entry.pendingRelease);
  entry.users += 1;
  channels.set(name, entry);
  // subscribe() also revives a subscription cancelled while still pending
  // (unmount → remount within one round trip) and is a no-op when subscribed.
  return pusher.subscribe(name);
}

/**
 * Gives back a channel from retainChannel. The last release unsubscribes, a
 * tick late, so StrictMode's unmount → mount does not resubscribe.
 */
export function releaseChannel(pusher: Pusher, name: string): void {
  const entry = counts.get(pusher)?.get(name);
  if (!entry) return;
  entry.users -= 1;
  if (entry.users > 0) return;
  entry.pendingRelease = setTimeout(() => {
    if (entry.users > 0) return;
    counts.get(pusher)?.delete(name);
    pusher.unsubscribe(name);
  }, 0);
}
