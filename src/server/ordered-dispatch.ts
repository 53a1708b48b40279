import "server-only";

/** One event on its way to the realtime service. */
export interface DispatchEvent {
  channel: string;
  name: string;
  data: unknown;
}

/**
 * A call on its way: `answer` settles within the deadline (rejects when the
 * events did not go out in time); `settled` settles when the request itself
 * has ended, which may be later — a request given up on at the deadline can
 * still be delivered, so its channels stay busy until then.
 */
export interface SentCall {
  answer: Promise<void>;
  settled: Promise<unknown>;
}

/** Sends one call's events (≤ `maxPerCall`, in order) within `deadlineMs`. A bare promise is both answer and end. */
export type SendCall = (events: DispatchEvent[], deadlineMs: number) => Promise<void> | SentCall;

/** A call is never started with less time than this: an event that close to its deadline is withdrawn instead. */
export const MIN_CALL_MS = 50;

interface Item {
  event: DispatchEvent;
  /** performance.now() after which the caller must have its answer. */
  expires: number;
  timer: NodeJS.Timeout | undefined;
  settle: (error: unknown) => void;
}

/**
 * Per-channel ordered sending, with batching: the pure core of the gateway's
 * trigger path (no SDK, no sockets).
 *
 *  - Events of one channel leave in the order they were handed in: while a
 *    call carrying a channel's events is in flight, that channel's next
 *    events wait, and go out together in the next call once it ends.
 *  - Waiting events (of any channels) are gathered into calls of at most
 *    `maxPerCall`, so throughput does not fall when triggers queue up:
 *    concurrency becomes batching instead of racing.
 *  - Each event has the caller's deadline from the moment it was handed in.
 *    One still waiting at its deadline is withdrawn (it never goes out) and
 *    its caller hears `expired()`; a call gets what is left of the earliest
 *    deadline among its events. So a caller always learns, within its
 *    deadline, whether its event went out.
 */
export class OrderedDispatcher {
  private queue: Item[] = [];
  private readonly busy = new Set<string>();
  private scheduled = false;

  constructor(
    private readonly sendCall: SendCall,
    private readonly options: { maxPerCall: number; deadlineMs: () => number; expired: () => Error },
  ) {}

  /** Events waiting (not yet in a call). */
  get waiting(): number {
    return this.queue.length;
  }

  /**
   * Hands in events (kept in this order per channel); resolves, per event,
   * to undefined when it went out or to the error that kept it back.
   */
  dispatch(events: readonly DispatchEvent[]): Promise<(Error | undefined)[]> {
    const deadline = this.options.deadlineMs();
    const expires = performance.now() + deadline;
    const answers = events.map(
      (event) =>
        new Promise<Error | undefined>((resolve) => {
          const item: Item = { event, expires, timer: undefined, settle: (error) => resolve(error as Error | undefined) };
          item.timer = setTimeout(() => this.withdraw(item), deadline);
          this.queue.push(item);
        }),
    );
    this.schedule();
    return Promise.all(answers);
  }

  /** A waiting event reached its deadline: it will not be sent. */
  private withdraw(item: Item): void {
    const index = this.queue.indexOf(item);
    if (index < 0) return;
    this.queue.splice(index, 1);
    item.settle(this.options.expired());
  }

  // Gathers on a microtask, so events handed in during the same tick share calls.
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  /** Forms calls from the waiting events whose channel has nothing in flight, oldest first. */
  private pump(): void {
    const calls: Item[][] = [];
    const waiting: Item[] = [];
    let call: Item[] = [];
    let channels = new Set<string>();
    const close = () => {
      if (call.length === 0) return;
      calls.push(call);
      for (const channel of channels) this.busy.add(channel);
      call = [];
      channels = new Set();
    };
    const now = performance.now();
    for (const item of this.queue) {
      // Too close to its deadline to hear back: withdraw rather than send blind.
      if (item.expires - now < MIN_CALL_MS) {
        clearTimeout(item.timer);
        item.settle(this.options.expired());
        continue;
      }
      if (call.length >= this.options.maxPerCall) close();
      const { channel } = item.event;
      if (this.busy.has(channel)) {
        waiting.push(item);
        continue;
      }
      call.push(item);
      channels.add(channel);
    }
    close();
    this.queue = waiting;
    for (const items of calls) void this.run(items);
  }

  private async run(items: Item[]): Promise<void> {
    let earliest = Infinity;
    for (const item of items) {
      clearTimeout(item.timer);
      earliest = Math.min(earliest, item.expires);
    }
    const left = Math.max(1, Math.floor(earliest - performance.now()));
    let failure: unknown;
    let settled: Promise<unknown> | undefined;
    try {
      const sent = this.sendCall(
        items.map((item) => item.event),
        left,
      );
      settled = "answer" in sent ? sent.settled : undefined;
      await ("answer" in sent ? sent.answer : sent);
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
    }
    for (const item of items) item.settle(failure);
    // A call given up on at its deadline may still be delivered: its channels'
    // next events wait for the request to end, so they can never overtake it.
    if (settled) await settled.catch(() => undefined);
    for (const item of items) this.busy.delete(item.event.channel);
    this.schedule();
  }
}
