"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import { apiFetch } from "@/lib/api-client";
import { CHANNELS, EVENTS, userChannel } from "@/lib/channels";
import { readsResponseSchema, readsUpdatedEventSchema, readUpdatedEventSchema } from "@/lib/client-schemas";
import type { ChatMessage, ReadPosition, SessionUser } from "@/lib/schemas";

import { useChannelEvent, useChannelSync } from "./use-channel-event";

/** At most one read position is sent per this long (the route allows 120 a minute). */
export const READ_SEND_INTERVAL_MS = 1_000;
const READS_POLL_MS = 10_000;

/**
 * Read receipts: the user's own read position (`lastReadSeq`, `markRead`,
 * `unread`), the same in every tab at once through `read-updated` on their
 * private channel; and for coaches everyone's positions (`seenBy`,
 * `loadSeenBy`), loaded when `private-coaches` is subscribed and kept live
 * by `reads-updated`. `epoch` is the chat history's (null until loaded; the
 * coaches' channel waits for it): positions of another epoch are ignored.
 */
export function useChatReads({ user, epoch, sent }: { user: SessionUser | null; epoch: string | null; sent: readonly ChatMessage[] }) {
  const [lastReadSeq, setLastReadSeq] = useState(0);
  const lastRef = useRef(0);
  const [reads, setReads] = useState<ReadonlyMap<string, ReadPosition>>(new Map());
  const epochRef = useRef(epoch);
  // The position the server has acknowledged, the one being sent, and the timer of the next send.
  const outbox = useRef<{ acknowledged: number; sending: boolean; timer?: ReturnType<typeof setTimeout>; last: number }>({ acknowledged: 0, sending: false, last: 0 });
  const isCoach = user?.role === "coach";

  const raise = useCallback((seq: number) => {
    if (seq <= lastRef.current) return;
    lastRef.current = seq;
    setLastReadSeq(seq);
  }, []);

  const loadReads = useCallback(async () => {
    const page = readsResponseSchema.parse(await apiFetch("/api/chat/reads"));
    if (page.epoch !== epochRef.current) return [];
    setReads(new Map(page.reads.map((position) => [position.userId, position])));
    return page.reads;
  }, []);

  /** The position a history page of `pageEpoch` gave (another epoch: positions start again). */
  const noteHistory = useCallback(
    (seq: number | undefined, pageEpoch: string) => {
      const startOver = epochRef.current !== null && epochRef.current !== pageEpoch;
      epochRef.current = pageEpoch;
      if (startOver) {
        lastRef.current = 0;
        outbox.current.acknowledged = 0;
        setLastReadSeq(0);
        setReads(new Map());
        // Positions of the new epoch (the coaches' channel stays subscribed, so no resubscription reloads them).
        if (isCoach) void loadReads().catch(() => undefined);
      }
      if (seq !== undefined) {
        outbox.current.acknowledged = Math.max(outbox.current.acknowledged, seq);
        raise(seq);
      }
    },
    [raise, isCoach, loadReads],
  );

  const flushRef = useRef<() => Promise<void>>(async () => undefined);
  const flush = useCallback(async () => {
    const box = outbox.current;
    box.timer = undefined;
    if (box.sending || lastRef.current <= box.acknowledged) return;
    box.sending = true;
    box.last = Date.now();
    const seq = lastRef.current;
    try {
      const answer = readUpdatedEventSchema.parse(await apiFetch("/api/chat/read", { json: { seq } }));
      if (answer.epoch === epochRef.current) {
        box.acknowledged = Math.max(box.acknowledged, answer.lastReadSeq, seq);
        raise(answer.lastReadSeq);
      }
    } catch {
      // Not acknowledged: the next markRead (or the next history page) tries again.
    } finally {
      box.sending = false;
    }
    if (lastRef.current > box.acknowledged && box.timer === undefined) box.timer = setTimeout(() => void flushRef.current(), READ_SEND_INTERVAL_MS);
  }, [raise]);
  useEffect(() => {
    flushRef.current = flush;
  }, [flush]);
  useEffect(() => () => clearTimeout(outbox.current.timer), []);

  /** The user has seen everything up to `seq`: moves forward only, sent at most once a second. */
  const markRead = useCallback(
    (seq: number) => {
      if (!user || !Number.isSafeInteger(seq) || seq <= lastRef.current) return;
      raise(seq);
      const box = outbox.current;
      if (box.sending || box.timer !== undefined) return;
      const wait = Math.max(0, box.last + READ_SEND_INTERVAL_MS - Date.now());
      box.timer = setTimeout(() => void flush(), wait);
    },
    [user, raise, flush],
  );

  useChannelEvent(user ? userChannel(user.id) : null, EVENTS.readUpdated, (data) => {
    const parsed = readUpdatedEventSchema.safeParse(data);
    if (!parsed.success || parsed.data.epoch !== epochRef.current) return;
    outbox.current.acknowledged = Math.max(outbox.current.acknowledged, parsed.data.lastReadSeq);
    raise(parsed.data.lastReadSeq);
  });

  // Coaches: everyone's positions, loaded at each (re)subscription and kept live.
  const coachChannel = isCoach && epoch !== null ? CHANNELS.coaches : null;

  useChannelSync(
    coachChannel,
    () => loadReads().then(() => undefined, () => undefined),
    READS_POLL_MS,
  );
  useChannelEvent(coachChannel, EVENTS.readsUpdated, (data) => {
    const parsed = readsUpdatedEventSchema.safeParse(data);
    if (!parsed.success || parsed.data.epoch !== epochRef.current) return;
    const { epoch: _epoch, ...position } = parsed.data;
    setReads((current) => {
      if ((current.get(position.userId)?.seq ?? -1) >= position.seq) return current;
      return new Map(current).set(position.userId, position);
    });
  });

  // Read positions, highest first, for counting by binary search.
  const sortedSeqs = useMemo(() => [...reads.values()].map((position) => position.seq).sort((a, b) => b - a), [reads]);

  /** Coaches: how many people other than its author have read `message` (0 for athletes). */
  const seenBy = useCallback(
    (message: Pick<ChatMessage, "seq" | "userId">) => {
      let low = 0;
      let high = sortedSeqs.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (sortedSeqs[middle]! >= message.seq) low = middle + 1;
        else high = middle;
      }
      const author = reads.get(message.userId);
      return low - (author && author.seq >= message.seq ? 1 : 0);
    },
    [sortedSeqs, reads],
  );

  /** Coaches: the names of who has read the message with `messageId`, fetched fresh, A to Z. */
  const loadSeenBy = useCallback(
    async (messageId: string) => {
      const message = sent.find((held) => held.id === messageId);
      if (!message || !isCoach) return [];
      const positions = await loadReads();
      return positions
        .filter((position) => position.seq >= message.seq && position.userId !== message.userId)
        .map((position) => position.name)
        .sort((a, b) => a.localeCompare(b));
    },
    [sent, isCoach, loadReads],
  );

  const unread = useMemo(() => {
    let count = 0;
    for (let i = sent.length - 1; i >= 0 && sent[i]!.seq > lastReadSeq; i -= 1) {
      const message = sent[i]!;
      if (message.userId !== user?.id && !message.deleted) count += 1;
    }
    return count;
  }, [sent, lastReadSeq, user?.id]);

  return { lastReadSeq, markRead, unread, seenBy, loadSeenBy, noteHistory };
}
