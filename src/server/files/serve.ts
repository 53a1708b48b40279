import "server-only";

import type { FileMeta } from "./file-meta-store";
import type { StoredObject } from "./blob-store";

/**
 * Headers that make a stored file safe to serve from the app's origin: the
 * type recorded at upload (from the bytes), never sniffed; a download for
 * anything but images; a policy under which nothing in it can run, even
 * opened directly; cached by the browser only (private: behind sign-in),
 * and for good, since a file id never changes its bytes.
 */
export function fileHeaders(meta: FileMeta, variant: "file" | "thumb", size: number): Record<string, string> {
  const image = variant === "thumb" || meta.type.startsWith("image/");
  const name = variant === "thumb" ? meta.name.replace(/\.[^.]+$/, "") + "-thumb.webp" : meta.name;
  return {
    "Content-Type": variant === "thumb" ? "image/webp" : meta.type,
    ...(size > 0 ? { "Content-Length": String(size) } : {}),
    "Content-Disposition": `${image ? "inline" : "attachment"}; ${dispositionName(name)}`,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "private, max-age=31536000, immutable",
    ETag: etagOf(meta, variant),
  };
}

export function etagOf(meta: FileMeta, variant: "file" | "thumb"): string {
  return `"${meta.id}${variant === "thumb" ? "-t" : ""}"`;
}

/** `filename="ascii fallback"; filename*=UTF-8''percent-encoded` (RFC 6266). */
export function dispositionName(name: string): string {
  const ascii = name.replace(/[^\x20-\x7E]/g, "_").replace(/["\\]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The response for GET /api/files/{id}[/thumb]: 304 when the browser holds it already. */
export function fileResponse(request: Request, meta: FileMeta, object: StoredObject, variant: "file" | "thumb"): Response {
  const headers = fileHeaders(meta, variant, object.size);
  if (request.headers.get("if-none-match") === headers.ETag) {
    void object.body.cancel().catch(() => undefined);
    const { "Content-Length": _length, ...rest } = headers;
    return new Response(null, { status: 304, headers: rest });
  }
  return new Response(request.method === "HEAD" ? null : object.body, { status: 200, headers });
}

/**
 * The id segment of /api/files/{id}[/thumb], as sent (not decoded: ids are
 * url-safe, so anything encoded is not an id and the service answers 404).
 */
export function fileIdOf(request: Request): string {
  return new URL(request.url).pathname.split("/")[3] ?? "";
}
