import { PassThrough } from "node:stream";
import type { IncomingMessage } from "node:http";
import { parseQuery, readBody, RestError } from "./http-input";

function request(chunks: string[], headers: Record<string, string> = {}): IncomingMessage {
  const stream = new PassThrough();
  Object.assign(stream, { headers });
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
  return stream as unknown as IncomingMessage;
}

describe("parseQuery", () => {
  it("keeps values as sent, decoding only percent escapes", () => {
    expect(parseQuery("info=user_count,subscription_count&filter_by_prefix=presence-&x=a+b&y=%41")).toEqual(
      new Map([
        ["info", "user_count,subscription_count"],
        ["filter_by_prefix", "presence-"],
        ["x", "a+b"],
        ["y", "A"],
      ]),
    );
    expect(parseQuery("")).toEqual(new Map());
  });

  it("refuses a repeated parameter or a broken escape with 400", () => {
    expect(() => parseQuery("a=1&a=2")).toThrow(RestError);
    expect(() => parseQuery("a=%E0%A4%A")).toThrow(expect.objectContaining({ status: 400 }));
  });
});

describe("readBody", () => {
  it("reads a body up to the cap", async () => {
    await expect(readBody(request(["ab", "cd"]), 4)).resolves.toBe("abcd");
  });

  it("refuses one byte over the cap with 413", async () => {
    await expect(readBody(request(["ab", "cde"]), 4)).rejects.toMatchObject({ status: 413 });
  });

  it("reads a body whose declared bytes are all buffered at once, without waiting for the stream's end", async () => {
    const stream = new PassThrough();
    Object.assign(stream, { headers: { "content-length": "3" } });
    const bytes = Buffer.from("a\u00e9"); // "é" is two bytes
    stream.write(bytes.subarray(0, 2)); // a character split across chunks is joined before decoding
    stream.write(bytes.subarray(2));
    // Never ended: waiting for the stream's end would hang.
    await expect(readBody(stream as unknown as IncomingMessage, 3)).resolves.toBe("a\u00e9");
  });

  it("waits for the rest of a declared body that has not all arrived", async () => {
    const stream = new PassThrough();
    Object.assign(stream, { headers: { "content-length": "4" } });
    stream.write("ab");
    const body = readBody(stream as unknown as IncomingMessage, 4);
    setImmediate(() => stream.end("cd"));
    await expect(body).resolves.toBe("abcd");
  });

  it("refuses a declared content-length over the cap without reading", async () => {
    await expect(readBody(request([], { "content-length": "5" }), 4)).rejects.toMatchObject({ status: 413 });
  });
});
