import "server-only";

import { FileTooLargeError } from "./file-errors";

/**
 * Reads an upload's raw body, at most `limit` bytes: a declared
 * Content-Length over the limit is refused before reading, and a body that
 * grows past it is cut off there (413), so memory stays bounded.
 */
export async function readUploadBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) {
    await request.body?.cancel().catch(() => undefined);
    throw new FileTooLargeError(limit);
  }
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new FileTooLargeError(limit);
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
