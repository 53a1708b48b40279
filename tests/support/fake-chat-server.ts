/**
 * The chat API for hook tests, answered by a real MemoryChatStore (so
 * revs, changes, pins and read positions behave as the server's do) without
 * HTTP, sessions or Pusher: `fetch` is stubbed with `server.fetch`, and the
 * test decides which events reach the page (to play a page that missed some).
 */
import { vi } from "vitest";

import { excerptOf } from "@/lib/chat";
import { chatQuerySchema, type ChatMessage, type SessionUser } from "@/lib/schemas";
import { MemoryChatStore } from "@/server/chat/chat-store";
import { HttpError } from "@/server/errors";

type Json = Record<string, unknown>;

export function fakeChatServer(viewer: SessionUser) {
  let store = new MemoryChatStore({ epoch: "e1" });
  const requests: { method: string; url: string; body?: Json }[] = [];

  async function answer(method: string, url: URL, body: Json | undefined): Promise<Response> {
    const query = Object.fromEntries(url.searchParams);
    const epoch = store.epoch;
    const withEpoch = (message: ChatMessage) => ({ message: { ...message, epoch } });
    switch (`${method} ${url.pathname}`) {
      case "GET /api/chat":
        return Response.json(await store.list(chatQuerySchema.parse(query), viewer.id));
      case "POST /api/chat": {
        const replyTo = body!.replyTo ? await store.get(String(body!.replyTo)) : undefined;
        const { message } = await store.append({
          userId: viewer.id,
          user: viewer.name,
          message: String(body!.message),
          clientMessageId: body!.clientMessageId as string | undefined,
          ...(replyTo ? { replyTo: { id: replyTo.id, seq: replyTo.seq, userId: replyTo.userId, user: replyTo.user, excerpt: excerptOf(replyTo.message) } } : {}),
        });
        return Response.json(withEpoch(message), { status: 201 });
      }
      case "PATCH /api/chat":
        return Response.json(withEpoch((await store.edit({ id: String(body!.messageId), userId: viewer.id, message: String(body!.message) })).message));
      case "DELETE /api/chat":
        return Response.json(withEpoch((await store.remove({ id: query.messageId!, userId: viewer.id, asCoach: viewer.role === "coach" })).message));
      case "POST /api/chat/reactions":
        return Response.json(withEpoch((await store.react({ id: String(body!.messageId), userId: viewer.id, emoji: body!.emoji as "👍", on: Boolean(body!.on) })).message));
      case "GET /api/chat/reactions": {
        const { count, userIds } = await store.reactors(query.messageId!, query.emoji as "👍", 200);
        return Response.json({ emoji: query.emoji, count, users: userIds.map((id) => ({ id, name: id.toUpperCase() })) });
      }
      case "POST /api/chat/pins": {
        const { pins, rev } = await store.setPin({ id: String(body!.messageId), pinned: Boolean(body!.pinned), by: viewer.name });
        return Response.json({ pins, rev, epoch });
      }
      case "POST /api/chat/read": {
        const { lastReadSeq } = await store.markRead({ userId: viewer.id, name: viewer.name, seq: Number(body!.seq) });
        return Response.json({ lastReadSeq, epoch });
      }
      case "GET /api/chat/reads":
        return Response.json(await store.reads());
      default:
        return Response.json({ error: { code: "not_found", message: "No such route." } }, { status: 404 });
    }
  }

  const fetch = vi.fn(async (input: string, init?: RequestInit) => {
    const method = init?.method ?? "GET";
    const body = init?.body ? (JSON.parse(String(init.body)) as Json) : undefined;
    requests.push({ method, url: input, body });
    try {
      return await answer(method, new URL(input, "http://coachpro.test"), body);
    } catch (error) {
      if (error instanceof HttpError) return Response.json({ error: { code: error.code, message: error.message } }, { status: error.status });
      throw error;
    }
  });

  return {
    fetch,
    requests,
    get store() {
      return store;
    },
    get epoch() {
      return store.epoch;
    },
    /** A restart without Redis: a new epoch and an empty history. */
    restart() {
      store = new MemoryChatStore({ epoch: `e${Number(store.epoch.slice(1)) + 1}` });
    },
    /** Someone else posts: the stored message with its epoch (what `new-message` carries). */
    async post(userId: string, text: string) {
      const { message } = await store.append({ userId, user: userId.toUpperCase(), message: text });
      return { ...message, epoch: store.epoch };
    },
    /** The `message-updated` payload after a change made by someone else. */
    async changed(result: Promise<{ message: ChatMessage }>) {
      return { ...(await result).message, epoch: store.epoch };
    },
  };
}
