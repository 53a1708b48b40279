"use client";

import { useEffect, useMemo, useState } from "react";

import type { OnlineMember } from "@/hooks/use-pusher";
import { apiFetch } from "@/lib/api-client";
import { usersPageSchema } from "@/lib/client-schemas";

/** Most suggestions shown (all fit without scrolling, even with finger-sized rows). */
export const MAX_SUGGESTIONS = 6;
/** A pause in typing this long before the directory is asked (online members show at once). */
export const SEARCH_DEBOUNCE_MS = 150;

export interface MemberSuggestion extends OnlineMember {
  online: boolean;
}

/** Whether `name` has a word starting with `query` (any case), or starts with it as a whole. */
function matches(name: string, query: string): boolean {
  const wanted = query.toLocaleLowerCase();
  const lower = name.toLocaleLowerCase();
  return lower.startsWith(wanted) || lower.split(/\s+/u).some((word) => word.startsWith(wanted));
}

/**
 * Team members for the `@` autocomplete: online ones first (from presence,
 * at once), then others from the user directory (GET /api/users?q=, after a
 * short pause, the previous request cancelled). Never yourself. `query` null
 * means the autocomplete is closed: nothing is asked.
 */
export function useMemberSearch(query: string | null, online: readonly OnlineMember[], selfId: string | undefined) {
  const [found, setFound] = useState<{ query: string; users: OnlineMember[] } | null>(null);

  useEffect(() => {
    if (query === null) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      apiFetch(`/api/users?q=${encodeURIComponent(query.trim())}&limit=${MAX_SUGGESTIONS + 1}`, { signal: controller.signal })
        .then((body) => {
          const parsed = usersPageSchema.safeParse(body);
          if (parsed.success) setFound({ query, users: parsed.data.users });
        })
        .catch(() => {
          // Offline or refused: the online members still show.
        });
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  return useMemo((): MemberSuggestion[] => {
    if (query === null) return [];
    const onlineIds = new Set(online.map((member) => member.id));
    const first = online
      .filter((member) => member.id !== selfId && matches(member.name, query))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((member) => ({ ...member, online: true }));
    // Directory answers for an earlier query still help while the new one is on its way, when they still match.
    const rest = (found?.users ?? [])
      .filter((user) => user.id !== selfId && !onlineIds.has(user.id) && matches(user.name, query))
      .map((user) => ({ ...user, online: false }));
    return [...first, ...rest].slice(0, MAX_SUGGESTIONS);
  }, [query, online, found, selfId]);
}
