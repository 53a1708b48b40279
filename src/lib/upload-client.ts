/**
 * Browser side of POST /api/files: one file's bytes by XMLHttpRequest (the
 * one browser API that reports upload progress everywhere), with a deadline,
 * cancel through an AbortSignal, and errors a person can read. No zod here:
 * this runs in the chat's lazy chunk, and the answer is checked by hand.
 */
import { FILE_ID_PATTERN, fileUrl, type Attachment } from "./attachments";

/** No progress for this long: the upload is given up (and can be retried). */
export const UPLOAD_STALL_MS = 30_000;

export class UploadError extends Error {
  override name = "UploadError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /** Trying again may work: no answer, a timeout, 429 or 5xx. 413/415/422 will not change. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

export interface UploadOptions {
  clientMessageId: string;
  index: number;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/** Checks the shape of an `attachment` answer (the server made it; this guards against a proxy's page). */
export function readAttachment(value: unknown): Attachment | null {
  if (typeof value !== "object" || value === null) return null;
  const a = value as Record<string, unknown>;
  if (typeof a.id !== "string" || !FILE_ID_PATTERN.test(a.id) || a.url !== fileUrl(a.id)) return null;
  if (typeof a.name !== "string" || typeof a.type !== "string" || typeof a.size !== "number") return null;
  if (a.thumbUrl !== undefined && a.thumbUrl !== `${fileUrl(a.id)}/thumb`) return null;
  const dimension = (v: unknown) => (typeof v === "number" && Number.isInteger(v) && v > 0 ? v : undefined);
  const width = dimension(a.width);
  const height = dimension(a.height);
  return {
    id: a.id,
    name: a.name,
    type: a.type,
    size: a.size,
    url: a.url,
    ...(width && height ? { width, height } : {}),
    ...(typeof a.thumbUrl === "string" ? { thumbUrl: a.thumbUrl } : {}),
  };
}

function errorFrom(status: number, body: unknown): UploadError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (typeof error?.message === "string") return new UploadError(status, typeof error.code === "string" ? error.code : "error", error.message);
  if (status === 413) return new UploadError(413, "file_too_large", "This file is too large.");
  return new UploadError(status, "error", status >= 500 ? "The server could not store the file; try again." : `Upload failed (${status}).`);
}

/**
 * Uploads one file as upload `index` of message `clientMessageId`. Resolves
 * with what the server stored (the same answer for a retry: nothing is
 * stored twice). Rejects with UploadError, or with the signal's reason when
 * cancelled.
 */
export function uploadFile(file: File, { clientMessageId, index, onProgress, signal }: UploadOptions): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const xhr = new XMLHttpRequest();
    const query = new URLSearchParams({ clientMessageId, index: String(index), name: file.name || "file" });
    xhr.open("POST", `/api/files?${query}`);
    xhr.responseType = "json";
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    let stall: ReturnType<typeof setTimeout> | undefined;
    const watch = () => {
      clearTimeout(stall);
      stall = setTimeout(() => xhr.abort(), UPLOAD_STALL_MS);
    };
    let stalled = true;
    const finish = () => {
      clearTimeout(stall);
      signal?.removeEventListener("abort", onAbort);
    };
    const onAbort = () => {
      stalled = false;
      xhr.abort();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    xhr.upload.onprogress = (event) => {
      watch();
      if (event.lengthComputable && event.total > 0) onProgress?.(Math.min(1, event.loaded / event.total));
    };
    xhr.onload = () => {
      finish();
      const body: unknown = xhr.response;
      if (xhr.status === 200 || xhr.status === 201) {
        const attachment = readAttachment((body as { attachment?: unknown } | null)?.attachment);
        if (attachment) {
          onProgress?.(1);
          return resolve(attachment);
        }
        return reject(new UploadError(0, "bad_answer", "The server's answer could not be read; try again."));
      }
      reject(errorFrom(xhr.status, body));
    };
    xhr.onerror = () => {
      finish();
      reject(new UploadError(0, "network", "No connection; the file was not sent. Try again."));
    };
    xhr.onabort = () => {
      finish();
      if (signal?.aborted || !stalled) return reject(signal?.reason ?? new DOMException("Cancelled", "AbortError"));
      reject(new UploadError(0, "timeout", "The upload stalled; try again."));
    };
    watch();
    xhr.send(file);
  });
}
