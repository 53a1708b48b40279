import "server-only";

import { readBodyBytes } from "../http";
import { FileTooLargeError } from "./file-errors";

/**
 * Reads an upload's raw body, at most `limit` bytes (the route policy's own
 * bounded reader, with the upload's 413 that names the file limit).
 */
export function readUploadBody(request: Request, limit: number): Promise<Uint8Array> {
  return readBodyBytes(request, limit, () => new FileTooLargeError(limit));
}
