"use client";

import { createContext, useContext, type ReactNode } from "react";

import type { SessionUser } from "@/lib/schemas";

const SessionContext = createContext<SessionUser | null | undefined>(undefined);

/** Makes the signed-in user (rendered by the server from the session cookie) available to hooks. */
export function SessionProvider({ user, children }: { user: SessionUser | null; children: ReactNode }) {
  return <SessionContext.Provider value={user}>{children}</SessionContext.Provider>;
}

/** The signed-in user, or null; throws outside SessionProvider. */
export function useSession(): SessionUser | null {
  const user = useContext(SessionContext);
  if (user === undefined) throw new Error("useSession must be used inside <SessionProvider>");
  return user;
}
