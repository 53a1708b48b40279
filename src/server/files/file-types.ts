import "server-only";

import { fileTypeFromBuffer } from "file-type";

import { ACCEPTED_TYPES, extensionOf, isAcceptedMime, MAX_FILE_NAME_BYTES, MAX_FILE_NAME_CHARACTERS, type AcceptedMime } from "@/lib/attachments";

import { UnsupportedFileTypeError } from "./file-errors";

/**
 * The type of an upload, read from its bytes (file-type's signatures; Office
 * files are zip containers it tells apart by their entries), never from the
 * name or the Content-Type the client sent. Anything else is 415.
 */
export async function detectType(bytes: Uint8Array): Promise<AcceptedMime> {
  const found = await fileTypeFromBuffer(bytes);
  if (!found || !isAcceptedMime(found.mime)) throw new UnsupportedFileTypeError();
  return found.mime;
}

// Control characters, bidi overrides, path separators and characters Windows refuses in names.
const UNSAFE_NAME = /[\u0000-\u001F\u007F\p{Cs}\u202A-\u202E\u2066-\u2069/\\:*?"<>|]/gu;

/**
 * A file name fit to show and to offer as a download: the last path part,
 * without control or path characters, at most MAX_FILE_NAME_CHARACTERS
 * and MAX_FILE_NAME_BYTES (the extension kept). A name whose extension says another type than the
 * bytes is refused (415: a PNG called .pdf is not a PDF); a name without an
 * extension gets the detected one.
 */
export function fileNameFor(rawName: string, type: AcceptedMime): string {
  const { extensions, label } = ACCEPTED_TYPES[type];
  let name = rawName.split(/[/\\]/).pop()!.replace(UNSAFE_NAME, "").replace(/\s+/g, " ").trim().replace(/^\.+/, "");
  const extension = extensionOf(name);
  if (extension && !(extensions as readonly string[]).includes(extension)) {
    throw new UnsupportedFileTypeError(`This file is a ${label}, but its name ends in .${extension}. Rename it to .${extensions[0]} and attach it again.`);
  }
  if (!extension) name = `${name || "file"}.${extensions[0]}`;
  const fits = (text: string) => [...text].length <= MAX_FILE_NAME_CHARACTERS && Buffer.byteLength(text) <= MAX_FILE_NAME_BYTES;
  if (fits(name)) return name;
  const suffix = `.${extensionOf(name)}`;
  const stem = [...name.slice(0, -suffix.length)];
  while (stem.length > 0 && !fits(stem.join("") + suffix)) stem.pop();
  return (stem.join("").trimEnd() || "file") + suffix;
}
