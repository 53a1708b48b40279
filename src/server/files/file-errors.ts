import "server-only";

import { formatBytes } from "@/lib/attachments";

import { HttpError } from "../errors";

/** 413: the file is over UPLOAD_MAX_BYTES. */
export class FileTooLargeError extends HttpError {
  constructor(limitBytes: number) {
    super(413, "file_too_large", `Files can be at most ${formatBytes(limitBytes)}.`);
  }
}

/** 415: the bytes are not a type chat accepts, or not the type the name says. */
export class UnsupportedFileTypeError extends HttpError {
  constructor(message = "Only photos (JPEG, PNG, WebP, GIF), PDFs, videos (MP4, WebM, MOV) and Word, Excel or PowerPoint files can be shared.") {
    super(415, "unsupported_file_type", message);
  }
}

/** 422: the file could not be used (empty, or an image that cannot be read). */
export class UnreadableFileError extends HttpError {
  constructor(message: string) {
    super(422, "unreadable_file", message);
  }
}

/** 503: the file storage (disk or bucket) failed; nothing was half-stored, retry. */
export class StorageUnavailableError extends HttpError {
  constructor(message = "File storage is unavailable; try again shortly.") {
    super(503, "storage_unavailable", message, { headers: { "Retry-After": "2" } });
  }
}
