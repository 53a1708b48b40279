import { StrictMode, type ReactNode } from "react";

import type { SessionUser } from "@/lib/schemas";
import { RealtimeProvider } from "@/providers/realtime-provider";
import { SessionProvider } from "@/providers/session-provider";

/** The client config every hook and component test connects with (the fake pusher-js ignores where). */
export const TEST_REALTIME_CONFIG = { key: "k", cluster: "mt1", wsHost: null, wsPort: 6001, forceTLS: false };

/**
 * The providers a signed-in page has (session, then the realtime client), as
 * a testing-library `wrapper` for `user` (null: signed out). In StrictMode by
 * default, as in development, so a hook that subscribes or sends twice shows it.
 */
export function signedInWrapper(user: SessionUser | null, { strict = true }: { strict?: boolean } = {}) {
  return function SignedIn({ children }: { children: ReactNode }) {
    const tree = (
      <SessionProvider user={user}>
        <RealtimeProvider config={TEST_REALTIME_CONFIG} mode="embedded">
          {children}
        </RealtimeProvider>
      </SessionProvider>
    );
    return strict ? <StrictMode>{tree}</StrictMode> : tree;
  };
}
