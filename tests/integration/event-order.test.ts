import { connect, createServer, type Server, type Socket } from "node:net";

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { POST as postChat } from "@/app/api/chat/route";
import { POST as postScores } from "@/app/api/leaderboard/route";
import type { ChatMessage, RankingUpdate } from "@/lib/schemas";
import { setChatStore } from "@/server/chat/chat-service";
import { MemoryChatStore } from "@/server/chat/chat-store";
import { resetLeaderboardState } from "@/server/leaderboard/leaderboard-service";

import { ADMIN_TOKEN, makeRequest, resetApp, signIn } from "../support/app";
import { type Client, newClient, subscribed, useEmbeddedServer } from "../support/realtime";

const POSTERS = 20;
const POSTS_EACH = 10;
const AWARDS = 150;

/** Resolves once `count()` reaches `target`, or rejects after `ms`. */
async function reach(count: () => number, target: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (count() < target) {
    if (Date.now() > deadline) throw new Error(`only ${count()} of ${target} events arrived within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A TCP proxy in front of the realtime server that holds each connection's
 * request bytes for a random 0–15 ms, as a real network's jitter would: two
 * triggers sent at once over two connections may arrive in either order.
 */
async function startJitterProxy(upstreamPort: number): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(upstreamPort, "127.0.0.1");
    const delayMs = Math.floor(Math.random() * 16);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => undefined);
    }
    client.on("data", (chunk) => setTimeout(() => upstream.write(chunk), delayMs));
    client.on("end", () => setTimeout(() => upstream.end(), delayMs));
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Positions where a number is not greater than the one before. */
function outOfOrder(values: number[]): number {
  return values.filter((value, i) => i > 0 && value <= values[i - 1]!).length;
}

describe("events of a channel leave in order, whatever the concurrency", () => {
  const realtime = useEmbeddedServer();
  let client: Client;
  let proxy: Awaited<ReturnType<typeof startJitterProxy>>;

  beforeAll(async () => {
    proxy = await startJitterProxy(realtime.port);
  });
  afterAll(() => proxy.close());

  beforeEach(async () => {
    // The app's REST calls cross the jittery link; the subscriber connects directly.
    resetApp({ PUSHER_HOST: "127.0.0.1", PUSHER_PORT: String(proxy.port) });
    setChatStore(new MemoryChatStore());
    resetLeaderboardState();
    client = newClient(realtime.port);
    await subscribed(client, "chat-channel");
    await subscribed(client, "leaderboard-channel");
  });
  afterEach(() => client.disconnect());

  it("delivers 200 concurrent chat posts to a subscriber in strictly increasing seq, each once", async () => {
    const seqs: number[] = [];
    client.channel("chat-channel").bind("new-message", (data: ChatMessage) => seqs.push(data.seq));
    const posters = await Promise.all(Array.from({ length: POSTERS }, (_, i) => signIn(`Poster ${i}`, "athlete", { ip: `198.18.0.${i + 1}` })));

    const posts = posters.flatMap(({ cookie }, i) =>
      Array.from({ length: POSTS_EACH }, (_, j) =>
        postChat(makeRequest("/api/chat", { json: { message: `p${i}-${j}`, clientMessageId: `order-${i}-${j}-0000` }, cookie, ip: `198.18.0.${i + 1}` }), undefined),
      ),
    );
    const statuses = (await Promise.all(posts)).map((response) => response.status);
    expect(statuses.filter((status) => status !== 201)).toEqual([]);

    await reach(() => seqs.length, POSTERS * POSTS_EACH, 10_000);
    expect(outOfOrder(seqs)).toBe(0);
    expect(new Set(seqs).size).toBe(POSTERS * POSTS_EACH);
  });

  it("delivers concurrent awards' ranking-updates in strictly increasing version", async () => {
    const versions: number[] = [];
    // Each board has its own versions: follow the team all-time board's.
    client.channel("leaderboard-channel").bind("ranking-update", (data: RankingUpdate) => {
      if (data.board?.window === "all" && !data.board.classId) versions.push(data.version);
    });
    const awards = Array.from({ length: AWARDS }, (_, i) =>
      postScores(
        makeRequest("/api/leaderboard", { json: { userId: `a${i % 30}`, points: 1 + i, name: `A${i % 30}` }, origin: null, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }),
        undefined,
      ),
    );
    const statuses = (await Promise.all(awards)).map((response) => response.status);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);

    await reach(() => versions.length, AWARDS, 15_000);
    expect(outOfOrder(versions)).toBe(0);
    // Each award also updates the day, week and month boards: four events per award to deliver.
  }, 20_000);
});
