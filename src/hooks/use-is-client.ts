import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/** false while rendering on the server and hydrating, true afterwards: for browser-only UI. */
export function useIsClient(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
