/**
 * The outgoing side of call signalling. Pusher allows a connection 10 client
 * events a second (more closes it), so everything a tab sends in calls goes
 * through one queue that sends at most one event per `gapMs`, and ICE
 * candidates for the same peer still waiting are merged into one event.
 */
import { CALL_EVENTS, ICE_BATCH_MS, MAX_ICE_PER_EVENT } from "./calls";
import type { IceMessage } from "./call-client-schemas";

/** 8 a second: under Pusher's 10, with room for the typing indicator on the same connection. */
export const SIGNAL_GAP_MS = 125;

type Outgoing = { event: string; data: unknown };
type Candidate = IceMessage["candidates"][number];

export class SignalQueue {
  private readonly queue: Outgoing[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastSentAt = -Infinity;
  private closed = false;

  /** `send` delivers one client event and says whether it went out (false: the channel is not ready; it is tried again). */
  constructor(
    private readonly send: (event: string, data: unknown) => boolean,
    private readonly gapMs = SIGNAL_GAP_MS,
    private readonly iceDelayMs = ICE_BATCH_MS,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Queues an event (offers, answers, media state, hang-up) in order. */
  push(event: string, data: unknown): void {
    if (this.closed) return;
    this.queue.push({ event, data });
    this.schedule(0);
  }

  /** Queues one ICE candidate for `to`, joining a batch for that peer that has not gone out yet. */
  pushCandidate(to: string, candidate: Candidate): void {
    if (this.closed) return;
    const waiting = this.queue.find(
      (item): item is { event: string; data: IceMessage } =>
        item.event === CALL_EVENTS.ice && (item.data as IceMessage).to === to && (item.data as IceMessage).candidates.length < MAX_ICE_PER_EVENT,
    );
    if (waiting) waiting.data.candidates.push(candidate);
    else this.queue.push({ event: CALL_EVENTS.ice, data: { to, candidates: [candidate] } satisfies IceMessage });
    // Candidates come in bursts: wait a little so one event carries several.
    this.schedule(this.iceDelayMs);
  }

  /** Events still waiting (tests and the hang-up path). */
  get pending(): number {
    return this.queue.length;
  }

  /** Sends what can go now, then stops: nothing queued later is sent. */
  close(): void {
    this.flush();
    this.closed = true;
    clearTimeout(this.timer);
    this.queue.length = 0;
  }

  private schedule(delayMs: number): void {
    if (this.timer !== undefined || this.closed) return;
    const wait = Math.max(delayMs, this.lastSentAt + this.gapMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushOne();
    }, wait);
  }

  private flushOne(): void {
    const next = this.queue[0];
    if (!next) return;
    if (this.send(next.event, next.data)) {
      this.queue.shift();
      this.lastSentAt = this.now();
    } else {
      this.lastSentAt = this.now() + 250; // not subscribed yet: try again a little later
    }
    if (this.queue.length > 0) this.schedule(0);
  }

  /** Sends the head of the queue at once if the rate allows (used when closing: the hang-up must go out). */
  private flush(): void {
    if (this.queue.length > 0 && this.now() - this.lastSentAt >= this.gapMs) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.flushOne();
    }
  }
}
