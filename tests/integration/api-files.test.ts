import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { NextRequest } from "next/server";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { DELETE, GET } from "@/app/api/files/[id]/route";
import { GET as THUMB } from "@/app/api/files/[id]/thumb/route";
import { POST } from "@/app/api/files/route";
import type { Attachment } from "@/lib/attachments";
import { attachFiles, setFileBackends, sweepAbandonedUploads } from "@/server/files/file-service";

import { startFakeS3, type FakeS3 } from "../support/fake-s3";
import { hasGpsTag, jpegWithGps, office, pdf, png } from "../support/file-fixtures";
import { errorOf, makeRequest, resetApp, restoreEnvironment, signIn } from "../support/app";

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "coachpro-files-"));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  restoreEnvironment();
});

let run = 0;
let uploadsDir: string;
beforeEach(() => {
  const dir = path.join(dataDir, `run-${++run}`);
  uploadsDir = path.join(dir, "uploads");
  resetApp({ DATA_DIR: dir, UPLOAD_MAX_BYTES: "200000" });
  setFileBackends(undefined);
});

function upload(cookie: string | undefined, bytes: Uint8Array, query: { clientMessageId?: string; index?: number | string; name: string }, options: { origin?: string | null; declareLength?: boolean } = {}) {
  const params = new URLSearchParams({ clientMessageId: query.clientMessageId ?? "draft-0000001", index: String(query.index ?? 0), name: query.name });
  const request = makeRequest(`/api/files?${params}`, { cookie, origin: options.origin, headers: { "content-type": "application/octet-stream" } });
  const headers = new Headers(request.headers);
  if (options.declareLength !== false) headers.set("content-length", String(bytes.byteLength));
  return POST(new NextRequest(request.url, { method: "POST", headers, body: bytes as Uint8Array<ArrayBuffer> }), undefined);
}

const get = (handler: typeof GET, url: string, cookie: string | undefined, headers: Record<string, string> = {}) =>
  handler(makeRequest(url, { method: "GET", cookie, headers }), undefined);

async function attachmentOf(response: Response): Promise<Attachment> {
  return ((await response.json()) as { attachment: Attachment }).attachment;
}

describe("POST /api/files and GET /api/files/{id}", () => {
  it("stores a PDF and serves it to team members as an inert download", async () => {
    const coach = await signIn("Coach Kim", "coach");
    const athlete = await signIn("Ana");
    const response = await upload(coach.cookie, pdf(), { name: "Week 3 plan.pdf" });
    expect(response.status).toBe(201);
    const attachment = await attachmentOf(response);
    expect(attachment).toEqual({ id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), name: "Week 3 plan.pdf", type: "application/pdf", size: pdf().byteLength, url: `/api/files/${attachment.id}` });

    const served = await get(GET, attachment.url, athlete.cookie);
    expect(served.status).toBe(200);
    expect(Object.fromEntries(served.headers)).toMatchObject({
      "content-type": "application/pdf",
      "content-length": String(pdf().byteLength),
      "content-disposition": `attachment; filename="Week 3 plan.pdf"; filename*=UTF-8''Week%203%20plan.pdf`,
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
      "cache-control": "private, max-age=31536000, immutable",
    });
    expect(Buffer.from(await served.arrayBuffer()).equals(pdf())).toBe(true);
    const again = await get(GET, attachment.url, athlete.cookie, { "if-none-match": served.headers.get("etag")! });
    expect(again.status).toBe(304);
    expect(await readdir(uploadsDir)).toEqual([attachment.id]);
  });

  it("re-encodes a phone photo without its EXIF (GPS), upright, with a 320 px WebP thumbnail shown inline", async () => {
    const ana = await signIn("Ana");
    const photo = await jpegWithGps(800, 400);
    expect(hasGpsTag((await sharp(photo).metadata()).exif)).toBe(true);
    const attachment = await attachmentOf(await upload(ana.cookie, photo, { name: "IMG_0042.JPG" }));
    expect(attachment).toMatchObject({ type: "image/jpeg", width: 400, height: 800, thumbUrl: `/api/files/${attachment.id}/thumb` });

    const served = await get(GET, attachment.url, ana.cookie);
    expect(served.headers.get("content-type")).toBe("image/jpeg");
    expect(served.headers.get("content-disposition")).toMatch(/^inline; filename="IMG_0042.JPG"/);
    const stored = Buffer.from(await served.arrayBuffer());
    const metadata = await sharp(stored).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(stored.includes(Buffer.from("CoachProTestCam"))).toBe(false);
    expect([metadata.width, metadata.height]).toEqual([400, 800]);

    const thumb = await get(THUMB, attachment.thumbUrl!, ana.cookie);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get("content-type")).toBe("image/webp");
    expect(thumb.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).toMatchObject({ format: "webp", width: 160, height: 320 });
  });

  it("answers a retried upload with what was stored, storing nothing twice", async () => {
    const ana = await signIn("Ana");
    const first = await upload(ana.cookie, await png(), { name: "a.png", clientMessageId: "retry-msg-1", index: 1 });
    expect(first.status).toBe(201);
    const stored = await attachmentOf(first);
    const retry = await upload(ana.cookie, await png(90, 90), { name: "a.png", clientMessageId: "retry-msg-1", index: 1 });
    expect(retry.status).toBe(200);
    expect(await attachmentOf(retry)).toEqual(stored);
    expect((await readdir(uploadsDir)).sort()).toEqual([stored.id, `${stored.id}.thumb`].sort());
    // Another index, another user: other files.
    const other = await attachmentOf(await upload(ana.cookie, await png(), { name: "a.png", clientMessageId: "retry-msg-1", index: 2 }));
    const ben = await signIn("Ben");
    const bens = await attachmentOf(await upload(ben.cookie, await png(), { name: "a.png", clientMessageId: "retry-msg-1", index: 1 }));
    expect(new Set([stored.id, other.id, bens.id]).size).toBe(3);
  });

  it("checks the type from the bytes: a PNG named .pdf and a script named .jpg are refused (415), a real docx is accepted", async () => {
    const ana = await signIn("Ana");
    const renamed = await upload(ana.cookie, await png(), { name: "plan.pdf" });
    expect(renamed.status).toBe(415);
    expect(await errorOf(renamed)).toMatchObject({ code: "unsupported_file_type", message: expect.stringContaining("PNG image, but its name ends in .pdf") });
    const script = await upload(ana.cookie, Buffer.from("<script>fetch('/api/session',{method:'DELETE'})</script>"), { name: "cute.jpg", index: 1 });
    expect(script.status).toBe(415);
    expect((await errorOf(script)).message).toMatch(/Only photos/);
    const docx = await upload(ana.cookie, office("docx"), { name: "Season report.docx", index: 2 });
    expect(docx.status).toBe(201);
    const attachment = await attachmentOf(docx);
    expect(attachment.type).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    const served = await get(GET, attachment.url, ana.cookie);
    expect(served.headers.get("content-disposition")).toMatch(/^attachment; /);
  });

  it("takes files up to UPLOAD_MAX_BYTES and refuses one byte more (413), declared or streamed", async () => {
    resetApp({ DATA_DIR: path.join(dataDir, `run-${++run}`), UPLOAD_MAX_BYTES: "4096" });
    const ana = await signIn("Ana");
    const exact = Buffer.concat([pdf(), Buffer.alloc(4096 - pdf().byteLength, 0x20)]);
    expect((await upload(ana.cookie, exact, { name: "exact.pdf" })).status).toBe(201);
    const over = Buffer.concat([exact, Buffer.from(" ")]);
    const declared = await upload(ana.cookie, over, { name: "over.pdf", index: 1 });
    expect(declared.status).toBe(413);
    expect(await errorOf(declared)).toEqual({ code: "file_too_large", message: "Files can be at most 4 KB." });
    expect((await upload(ana.cookie, over, { name: "over.pdf", index: 2 }, { declareLength: false })).status).toBe(413);
    expect((await upload(ana.cookie, new Uint8Array(), { name: "empty.pdf", index: 3 })).status).toBe(422);
  });

  it("needs a session to upload or read, lets only the uploader remove an unsent file, and refuses cross-site uploads", async () => {
    const ana = await signIn("Ana");
    const ben = await signIn("Ben");
    expect((await upload(undefined, pdf(), { name: "p.pdf" })).status).toBe(401);
    const attachment = await attachmentOf(await upload(ana.cookie, pdf(), { name: "p.pdf" }));
    expect((await get(GET, attachment.url, undefined)).status).toBe(401);
    expect((await get(GET, attachment.url, ben.cookie)).status).toBe(200);
    expect((await upload(ana.cookie, pdf(), { name: "p.pdf", index: 1 }, { origin: "https://evil.example" })).status).toBe(403);

    const remove = (cookie: string) => DELETE(makeRequest(attachment.url, { method: "DELETE", cookie }), undefined);
    expect((await remove(ben.cookie)).status).toBe(403);
    expect((await remove(ana.cookie)).status).toBe(204);
    expect((await get(GET, attachment.url, ana.cookie)).status).toBe(404);
    expect(await readdir(uploadsDir)).toEqual([]);
  });

  it("answers 404 for anything that is not a stored file id, paths included", async () => {
    const ana = await signIn("Ana");
    await upload(ana.cookie, pdf(), { name: "p.pdf" });
    for (const url of ["/api/files/..%2F..%2Fetc%2Fpasswd", "/api/files/%2e%2e", "/api/files/AAAAAAAAAAAAAAAAAAAAAA", "/api/files/AAAAAAAAAAAAAAAAAAAA..", "/api/files/" + "a".repeat(200)]) {
      const response = await get(GET, url, ana.cookie);
      expect(response.status, url).toBe(404);
    }
    const pdfFile = await attachmentOf(await upload(ana.cookie, pdf(), { name: "p.pdf" }));
    expect((await get(THUMB, `${pdfFile.url}/thumb`, ana.cookie)).status).toBe(404);
  });

  it("keeps a hostile name harmless and refuses a bad query (422)", async () => {
    const ana = await signIn("Ana");
    const attachment = await attachmentOf(await upload(ana.cookie, pdf(), { name: '../../etc/"evil"\r\nX-Injected: 1.pdf' }));
    expect(attachment.name).toBe("evilX-Injected 1.pdf");
    expect(await readdir(uploadsDir)).toEqual([attachment.id]);
    const served = await get(GET, attachment.url, ana.cookie);
    expect(served.headers.get("x-injected")).toBeNull();
    expect((await upload(ana.cookie, pdf(), { name: "p.pdf", index: 99 })).status).toBe(422);
    expect((await upload(ana.cookie, pdf(), { name: "p.pdf", clientMessageId: "../../x" })).status).toBe(422);
  });

  it("removes uploads of drafts never sent after a day, and keeps files that a message carries", async () => {
    const ana = await signIn("Ana");
    const draft = await attachmentOf(await upload(ana.cookie, pdf(), { name: "draft.pdf", clientMessageId: "never-sent-1" }));
    const sent = await attachmentOf(await upload(ana.cookie, await png(), { name: "sent.png", clientMessageId: "was-sent-01" }));
    await attachFiles([sent.id], "m1-epoch");
    expect(await sweepAbandonedUploads(new Date(Date.now() + 60 * 60 * 1000))).toBe(0);
    expect(await sweepAbandonedUploads(new Date(Date.now() + 25 * 60 * 60 * 1000))).toBe(1);
    expect((await readdir(uploadsDir)).sort()).toEqual([sent.id, `${sent.id}.thumb`].sort());
    expect((await get(GET, draft.url, ana.cookie)).status).toBe(404);
    expect((await get(GET, sent.url, ana.cookie)).status).toBe(200);
  });

  it("limits uploads per user (429 with Retry-After)", async () => {
    const ana = await signIn("Ana");
    const statuses: number[] = [];
    for (let i = 0; i < 31; i += 1) statuses.push((await upload(ana.cookie, pdf(), { name: "p.pdf" })).status);
    expect(statuses.slice(0, 30).every((status) => status === 201 || status === 200)).toBe(true);
    expect(statuses[30]).toBe(429);
  });
});

describe("files in an S3-compatible bucket (set by settings)", () => {
  let s3: FakeS3;
  beforeAll(async () => {
    s3 = await startFakeS3({ bucket: "coachpro-files" });
  });
  afterAll(() => s3.close());
  afterEach(() => s3.failWith(undefined));

  beforeEach(() => {
    resetApp({ S3_ENDPOINT: s3.endpoint, S3_BUCKET: s3.bucket, S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey, S3_REGION: s3.region });
    setFileBackends(undefined);
  });

  it("stores the photo and its thumbnail as signed objects and serves them back", async () => {
    const ana = await signIn("Ana");
    const attachment = await attachmentOf(await upload(ana.cookie, await png(400, 200), { name: "bar.png" }));
    expect([...s3.objects.keys()].sort()).toEqual([attachment.id, `${attachment.id}.thumb`].sort());
    expect(s3.requests.every((request) => request.authorization?.startsWith("AWS4-HMAC-SHA256 Credential="))).toBe(true);
    const served = await get(GET, attachment.url, ana.cookie);
    expect(served.status).toBe(200);
    expect((await sharp(Buffer.from(await served.arrayBuffer())).metadata()).width).toBe(400);
  });

  it("answers 503 with Retry-After when the bucket fails, and stores nothing half", async () => {
    const ana = await signIn("Ana");
    s3.failWith(500);
    const response = await upload(ana.cookie, pdf(), { name: "p.pdf", clientMessageId: "s3-fail-01" });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("2");
    s3.failWith(undefined);
    expect((await upload(ana.cookie, pdf(), { name: "p.pdf", clientMessageId: "s3-fail-01" })).status).toBe(201);
  });
});
