"use client";

import { LogOut } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { Button } from "@/components/ui/button";
import { apiFetch } from "@/lib/api-client";
import type { SessionUser } from "@/lib/schemas";

/** The signed-in user in the header, with "Sign out". */
export function UserMenu({ user }: { user: SessionUser }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(false);

  async function signOut() {
    setPending(true);
    setFailed(false);
    try {
      await apiFetch("/api/session", { method: "DELETE" });
      router.refresh();
    } catch {
      setFailed(true);
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="flex items-center gap-3">
      <p className="text-sm" aria-label="Signed in as">
        <span className="font-medium">{user.name}</span>{" "}
        <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600 capitalize">{user.role}</span>
      </p>
      <Button variant="outline" size="sm" onClick={signOut} disabled={pending}>
        <LogOut aria-hidden className="size-4" />
        Sign out
      </Button>
      {failed && (
        <span role="alert" className="text-xs text-rose-600">
          Sign-out failed
        </span>
      )}
    </div>
  );
}
