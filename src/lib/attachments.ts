/**
 * Chat attachments: which files a message may carry, the limits, and the
 * metadata a message (and its `new-message` event) holds about each file.
 * Isomorphic: the server checks uploads against these, the composer warns
 * early with the same numbers. The bytes themselves are served by
 * GET /api/files/{id} (and /thumb for images), never carried in events.
 */
/** Files per message. */
export const MAX_ATTACHMENTS = 4;
/** Upload slots a draft may use (removing a file and adding another takes a new slot). */
export const MAX_UPLOAD_INDEX = 31;
/** The default per-file limit (UPLOAD_MAX_BYTES). */
export const DEFAULT_UPLOAD_MAX_BYTES = 10 * 1024 * 1024;
/** File names are cut to this many characters (the extension is kept). */
export const MAX_FILE_NAME_CHARACTERS = 120;
/**
 * …and to this many UTF-8 bytes, so that four files' metadata beside the
 * longest message and reply still fit a `new-message` in 10 KB.
 */
export const MAX_FILE_NAME_BYTES = 100;
/** Thumbnails fit in a square of this many pixels. */
export const THUMB_SIZE = 320;

export type AttachmentKind = "image" | "pdf" | "video" | "document" | "spreadsheet" | "presentation";

interface AcceptedType {
  kind: AttachmentKind;
  label: string;
  /** File name extensions that say this type (the first is the one added to a name without one). */
  extensions: readonly string[];
}

/** Every type an upload may be, by the MIME type detected from its bytes. */
export const ACCEPTED_TYPES = {
  "image/jpeg": { kind: "image", label: "JPEG image", extensions: ["jpg", "jpeg", "jfif"] },
  "image/png": { kind: "image", label: "PNG image", extensions: ["png"] },
  "image/webp": { kind: "image", label: "WebP image", extensions: ["webp"] },
  "image/gif": { kind: "image", label: "GIF image", extensions: ["gif"] },
  "application/pdf": { kind: "pdf", label: "PDF", extensions: ["pdf"] },
  "video/mp4": { kind: "video", label: "MP4 video", extensions: ["mp4", "m4v"] },
  "video/webm": { kind: "video", label: "WebM video", extensions: ["webm"] },
  "video/quicktime": { kind: "video", label: "QuickTime video", extensions: ["mov", "qt"] },
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": { kind: "document", label: "Word document", extensions: ["docx"] },
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { kind: "spreadsheet", label: "Excel spreadsheet", extensions: ["xlsx"] },
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": { kind: "presentation", label: "PowerPoint presentation", extensions: ["pptx"] },
} as const satisfies Record<string, AcceptedType>;

export type AcceptedMime = keyof typeof ACCEPTED_TYPES;

export function isAcceptedMime(type: string): type is AcceptedMime {
  return Object.hasOwn(ACCEPTED_TYPES, type);
}

/** What a file picker offers: the accepted types and their extensions. */
export const ACCEPT_ATTRIBUTE = Object.entries(ACCEPTED_TYPES)
  .flatMap(([mime, { extensions }]) => [mime, ...extensions.map((extension) => `.${extension}`)])
  .join(",");

/** The lower-case extension of a file name ("" when it has none). */
export function extensionOf(name: string): string {
  const match = /\.([A-Za-z0-9]{1,8})$/.exec(name);
  return match ? match[1]!.toLowerCase() : "";
}

/** The accepted type a name's extension says, if any (a first check in the browser; the server reads the bytes). */
export function mimeForName(name: string): AcceptedMime | undefined {
  const extension = extensionOf(name);
  if (!extension) return undefined;
  return (Object.keys(ACCEPTED_TYPES) as AcceptedMime[]).find((mime) => (ACCEPTED_TYPES[mime].extensions as readonly string[]).includes(extension));
}

export function kindOf(type: string): AttachmentKind | undefined {
  return isAcceptedMime(type) ? ACCEPTED_TYPES[type].kind : undefined;
}

/** "2.4 MB", "830 KB", "12 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? "byte" : "bytes"}`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  const megabytes = bytes / (1024 * 1024);
  return `${megabytes < 10 ? megabytes.toFixed(1) : Math.round(megabytes)} MB`;
}

/** Server-made file ids: 22 url-safe characters, nothing a path could be built from. */
export const FILE_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export const fileUrl = (id: string) => `/api/files/${id}`;
export const thumbUrl = (id: string) => `/api/files/${id}/thumb`;

/** What a message holds about one file (and what POST /api/files answers); zod in attachment-schemas.ts. */
export interface Attachment {
  id: string;
  name: string;
  type: string;
  size: number;
  width?: number;
  height?: number;
  url: string;
  thumbUrl?: string;
}
