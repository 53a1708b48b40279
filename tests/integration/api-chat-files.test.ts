import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { DELETE as DELETE_MESSAGE, POST as POST_MESSAGE } from "@/app/api/chat/route";
import { DELETE as DELETE_FILE, GET as GET_FILE } from "@/app/api/files/[id]/route";
import { GET as GET_THUMB } from "@/app/api/files/[id]/thumb/route";
import { POST as UPLOAD } from "@/app/api/files/route";
import type { Attachment } from "@/lib/attachments";
import { EVENT_DATA_MAX_BYTES, MAX_MESSAGE_CHARACTERS } from "@/lib/limits";
import type { ChatMessage, NewMessageEvent } from "@/lib/schemas";
import { setChatStore } from "@/server/chat/chat-service";
import { MemoryChatStore } from "@/server/chat/chat-store";
import { setFileBackends } from "@/server/files/file-service";

import { errorOf, makeRequest, resetApp, restoreEnvironment, signIn } from "../support/app";
import { jpegWithGps, office, pdf } from "../support/file-fixtures";
import { type Client, newClient, subscribed, useEmbeddedServer } from "../support/realtime";

function upload(cookie: string, bytes: Uint8Array, clientMessageId: string, index: number, name: string) {
  const params = new URLSearchParams({ clientMessageId, index: String(index), name });
  const base = makeRequest(`/api/files?${params}`, { cookie, headers: { "content-type": "application/octet-stream", "content-length": String(bytes.byteLength) } });
  return UPLOAD(new NextRequest(base.url, { method: "POST", headers: base.headers, body: bytes as Uint8Array<ArrayBuffer> }), undefined);
}
const attachmentOf = async (response: Response) => ((await response.json()) as { attachment: Attachment }).attachment;
const post = (cookie: string, json: unknown) => POST_MESSAGE(makeRequest("/api/chat", { json, cookie }), undefined);

let dataDir: string;
let uploadsDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "coachpro-chat-files-"));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  restoreEnvironment();
});

describe("messages with files", () => {
  const realtime = useEmbeddedServer();
  let client: Client;
  let seen: ChatMessage[];
  let run = 0;

  beforeEach(async () => {
    const dir = path.join(dataDir, `run-${++run}`);
    uploadsDir = path.join(dir, "uploads");
    resetApp({ DATA_DIR: dir, PUSHER_HOST: "127.0.0.1", PUSHER_PORT: String(realtime.port) });
    setFileBackends(undefined);
    setChatStore(new MemoryChatStore());
    client = newClient(realtime.port);
    await subscribed(client, "chat-channel");
    seen = [];
    client.channel("chat-channel").bind("new-message", (data: ChatMessage) => seen.push(data));
  });
  afterEach(() => client.disconnect());

  it("posts a photo and a PDF once, whatever the retries: the same clientMessageId covers the files", async () => {
    const coach = await signIn("Coach Kim", "coach");
    const draft = "draft-photo-and-pdf";
    const photo = await attachmentOf(await upload(coach.cookie, await jpegWithGps(), draft, 0, "bar.jpg"));
    const plan = await attachmentOf(await upload(coach.cookie, pdf(), draft, 1, "Week 3 plan.pdf"));
    const first = await post(coach.cookie, { message: "Form check and the plan", clientMessageId: draft, attachments: [photo.id, plan.id] });
    expect(first.status).toBe(201);
    const { message } = (await first.json()) as { message: NewMessageEvent };
    expect(message.attachments).toEqual([photo, plan]);

    // The browser lost the answers and tries everything again.
    const photoAgain = await upload(coach.cookie, await jpegWithGps(), draft, 0, "bar.jpg");
    expect(photoAgain.status).toBe(200);
    expect(await attachmentOf(photoAgain)).toEqual(photo);
    expect((await upload(coach.cookie, pdf(), draft, 1, "Week 3 plan.pdf")).status).toBe(200);
    const again = await post(coach.cookie, { message: "Form check and the plan", clientMessageId: draft, attachments: [photo.id, plan.id] });
    expect(again.status).toBe(201);
    expect(((await again.json()) as { message: NewMessageEvent }).message).toEqual(message);

    await post(coach.cookie, { message: "after" });
    await expect.poll(() => seen.length).toBe(2);
    expect(seen.map((m) => m.message)).toEqual(["Form check and the plan", "after"]);
    expect(seen[0]!.attachments).toEqual([photo, plan]);
    // One photo (and its thumbnail) and one PDF on disk.
    expect((await readdir(uploadsDir)).sort()).toEqual([photo.id, `${photo.id}.thumb`, plan.id].sort());
  });

  it("takes files alone (no text), but not an empty message without files", async () => {
    const ana = await signIn("Ana");
    const file = await attachmentOf(await upload(ana.cookie, pdf(), "draft-files-only", 0, "notes.pdf"));
    const response = await post(ana.cookie, { message: "  ", clientMessageId: "draft-files-only", attachments: [file.id] });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { message: ChatMessage }).message).toMatchObject({ message: "", attachments: [file] });
    const empty = await post(ana.cookie, { message: " " });
    expect(empty.status).toBe(422);
    expect((await errorOf(empty)).issues).toEqual([{ path: "message", message: "Write a message first." }]);
  });

  it("refuses someone else's upload, an unknown id, the same file twice and more than 4 files (422)", async () => {
    const ana = await signIn("Ana");
    const ben = await signIn("Ben");
    const bens = await attachmentOf(await upload(ben.cookie, pdf(), "draft-bens-file", 0, "b.pdf"));
    const stolen = await post(ana.cookie, { message: "look", attachments: [bens.id] });
    expect(stolen.status).toBe(422);
    expect((await errorOf(stolen)).issues).toEqual([{ path: "attachments.0", message: expect.stringContaining("not among your uploads") }]);
    expect((await post(ana.cookie, { message: "x", attachments: ["AAAAAAAAAAAAAAAAAAAAAA"] })).status).toBe(422);
    expect((await post(ana.cookie, { message: "x", attachments: ["../../etc/passwd"] })).status).toBe(422);
    const own = await attachmentOf(await upload(ana.cookie, pdf(), "draft-anas-file", 0, "a.pdf"));
    expect((await post(ana.cookie, { message: "x", attachments: [own.id, own.id] })).status).toBe(422);
    expect((await post(ana.cookie, { message: "x", attachments: Array.from({ length: 5 }, (_, i) => `${"A".repeat(21)}${i}`) })).status).toBe(422);
    expect(seen).toEqual([]);
  });

  it("removes a deleted message's files from storage; they are not served any more", async () => {
    const coach = await signIn("Coach Kim", "coach");
    const ana = await signIn("Ana");
    const draft = "draft-to-be-deleted";
    const photo = await attachmentOf(await upload(ana.cookie, await jpegWithGps(), draft, 0, "oops.jpg"));
    const plan = await attachmentOf(await upload(ana.cookie, pdf(), draft, 1, "old.pdf"));
    const { message } = (await (await post(ana.cookie, { message: "wrong photo", clientMessageId: draft, attachments: [photo.id, plan.id] })).json()) as { message: ChatMessage };
    expect(await readdir(uploadsDir)).toHaveLength(3);
    // The composer cannot remove files a sent message carries.
    expect((await DELETE_FILE(makeRequest(plan.url, { method: "DELETE", cookie: ana.cookie }), undefined)).status).toBe(403);

    const removed = await DELETE_MESSAGE(makeRequest(`/api/chat?messageId=${message.id}`, { method: "DELETE", cookie: coach.cookie }), undefined);
    expect(removed.status).toBe(200);
    expect(((await removed.json()) as { message: ChatMessage }).message).toMatchObject({ deleted: true, message: "" });
    expect(await readdir(uploadsDir)).toEqual([]);
    for (const url of [photo.url, photo.thumbUrl!, plan.url]) {
      const handler = url.endsWith("/thumb") ? GET_THUMB : GET_FILE;
      expect((await handler(makeRequest(url, { method: "GET", cookie: coach.cookie }), undefined)).status).toBe(404);
    }
  });

  it("keeps the largest possible new-message under 10 KB: files travel as metadata only", async () => {
    const ana = await signIn("Ana");
    const draft = "draft-largest-event";
    const ids: string[] = [];
    for (let index = 0; index < 4; index += 1) {
      // The longest type name there is, and a name as long as it can be.
      const name = `${"🏋".repeat(200)}${index}.pptx`;
      ids.push((await attachmentOf(await upload(ana.cookie, office("pptx"), draft, index, name))).id);
    }
    const original = await post(ana.cookie, { message: "🏋".repeat(10) });
    const { message: replied } = (await original.json()) as { message: ChatMessage };
    const response = await post(ana.cookie, { message: "🏋".repeat(MAX_MESSAGE_CHARACTERS), clientMessageId: draft, attachments: ids, replyTo: replied.id });
    expect(response.status).toBe(201);
    await expect.poll(() => seen.length).toBe(2);
    expect(seen[1]!.attachments).toHaveLength(4);
    const size = Buffer.byteLength(JSON.stringify(seen[1]));
    expect(size).toBeLessThan(EVENT_DATA_MAX_BYTES);
  });
});
