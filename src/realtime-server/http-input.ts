/**
 * Reading REST input safely: a size-capped body reader and a strict query
 * parser that keeps values as the SDK signed them (no `+` → space).
 */
import type { IncomingMessage } from "node:http";

/** A REST failure with the HTTP status to answer. */
export class RestError extends Error {
  override name = "RestError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads the whole body as UTF-8, refusing (413) anything over `maxBytes`
 * without buffering it: the rest of an oversized body is discarded unread.
 */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(req.headers["content-length"] ?? Number.NaN);
  if (declared > maxBytes) {
    req.resume();
    throw tooLarge(maxBytes);
  }
  // A small body arrives in the packet that carried the headers: one microtask
  // after the request event the parser has buffered it. When all the declared
  // bytes are there, read them at once instead of through the stream's events.
  await undefined;
  if (declared > 0 && req.readableLength === declared) return readBuffered(req);
  return streamBody(req, maxBytes);
}

function tooLarge(maxBytes: number): RestError {
  return new RestError(413, `Request body larger than ${maxBytes} bytes`);
}

/**
 * Everything the request has buffered, which is all of it once it is
 * complete: on a paused stream, read() with no size returns the whole
 * buffer as one Buffer, however many packets brought it.
 */
function readBuffered(req: IncomingMessage): string {
  return (req.read() as Buffer).toString("utf8");
}

function streamBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      req.off("data", onData);
      chunks.length = 0;
      req.resume();
      reject(tooLarge(maxBytes));
    };
    req.on("data", onData);
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", () => reject(new RestError(400, "Request aborted")));
  });
}

/**
 * Parses `a=1&b=2`, percent-decoding each value (the SDK sends them raw, so
 * decoding is the identity for everything it signs). A repeated or
 * undecodable parameter is a 400.
 */
export function parseQuery(query: string): Map<string, string> {
  const params = new Map<string, string>();
  if (query === "") return params;
  for (const pair of query.split("&")) {
    if (pair === "") continue;
    const equals = pair.indexOf("=");
    const name = decode(equals === -1 ? pair : pair.slice(0, equals));
    const value = decode(equals === -1 ? "" : pair.slice(equals + 1));
    if (params.has(name)) throw new RestError(400, `Query parameter ${name.slice(0, 64)} given twice`);
    params.set(name, value);
  }
  return params;
}

function decode(text: string): string {
  // Most names and values carry no escape at all (the SDK's never do).
  if (!text.includes("%")) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    throw new RestError(400, "Malformed query string");
  }
}
