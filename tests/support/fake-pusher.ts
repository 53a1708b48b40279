/**
 * A stand-in for pusher-js in component tests: records subscriptions and
 * lets a test play events into channels. Only what the hooks use.
 */
type Handler = (data: unknown, metadata?: { user_id?: string }) => void;

export class FakeChannel {
  subscribed = false;
  readonly handlers = new Map<string, Set<Handler>>();
  readonly triggered: { event: string; data: unknown }[] = [];
  readonly members = {
    all: new Map<string, unknown>(),
    each: (fn: (member: { id: string; info: unknown }) => void) => this.members.all.forEach((info, id) => fn({ id, info })),
    get: (id: string) => (this.members.all.has(id) ? { id, info: this.members.all.get(id) } : null),
  };

  constructor(readonly name: string) {}

  bind(event: string, handler: Handler) {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event)!.add(handler);
  }

  unbind(event: string, handler: Handler) {
    this.handlers.get(event)?.delete(handler);
  }

  /** Plays an event as if it came from the server. */
  emit(event: string, data?: unknown, metadata?: { user_id?: string }) {
    if (event === "pusher:subscription_succeeded") this.subscribed = true;
    for (const handler of this.handlers.get(event) ?? []) handler(data, metadata);
  }

  trigger(event: string, data: unknown) {
    this.triggered.push({ event, data });
    return true;
  }

  listenerCount(event: string) {
    return this.handlers.get(event)?.size ?? 0;
  }
}

export class FakePusher {
  static instances: FakePusher[] = [];
  readonly channels = new Map<string, FakeChannel>();
  readonly unsubscribed: string[] = [];
  disconnected = 0;
  private readonly stateHandlers = new Set<(change: { previous: string; current: string }) => void>();
  readonly connection = {
    state: "connecting",
    bind: (_event: string, handler: (change: { previous: string; current: string }) => void) => this.stateHandlers.add(handler),
    unbind: (_event: string, handler: (change: { previous: string; current: string }) => void) => this.stateHandlers.delete(handler),
  };

  constructor(
    readonly key: string,
    readonly options: Record<string, unknown>,
  ) {
    FakePusher.instances.push(this);
  }

  /** Moves the connection to `current`, as pusher-js reports state changes. */
  move(current: string) {
    const previous = this.connection.state;
    this.connection.state = current;
    for (const handler of this.stateHandlers) handler({ previous, current });
  }

  subscribe(name: string) {
    let channel = this.channels.get(name);
    if (!channel) this.channels.set(name, (channel = new FakeChannel(name)));
    return channel;
  }

  channel(name: string) {
    return this.channels.get(name);
  }

  unsubscribe(name: string) {
    this.unsubscribed.push(name);
    this.channels.delete(name);
  }

  disconnect() {
    this.disconnected += 1;
  }
}
