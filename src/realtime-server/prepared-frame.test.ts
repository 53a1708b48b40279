import * as ws from "ws";
import { PreparedFrame, textFrameBytes } from "./prepared-frame";

/** ws's sender and receiver: exported at run time, not in @types/ws. */
const { Sender, Receiver } = ws as unknown as {
  Sender: { frame(data: Buffer, options: object): Buffer[] };
  Receiver: new (options: { isServer: boolean }) => NodeJS.WritableStream & { on(event: "message", listener: (data: Buffer) => void): void };
};

/** ws's own framing of an unmasked final text frame, header and payload joined. */
function wsFrame(text: string): Buffer {
  return Buffer.concat(Sender.frame(Buffer.from(text), { fin: true, opcode: 1, mask: false, readOnly: false, rsv1: false }));
}

describe("textFrameBytes", () => {
  it.each([
    ["empty", ""],
    ["125 bytes (the last one-byte length)", "a".repeat(125)],
    ["126 bytes (the first 16-bit length)", "a".repeat(126)],
    ["65,535 bytes (the last 16-bit length)", "a".repeat(65_535)],
    ["65,536 bytes (the first 64-bit length)", "a".repeat(65_536)],
    ["multi-byte UTF-8", '{"event":"é","data":"🏃"}'],
  ])("frames %s exactly as ws does", (_label, text) => {
    expect(textFrameBytes(text).equals(wsFrame(text))).toBe(true);
  });

  it("is read back as the same text by ws's receiver", async () => {
    const text = JSON.stringify({ event: "new-message", channel: "chat", data: "x".repeat(300) });
    const receiver = new Receiver({ isServer: false });
    const message = new Promise<string>((resolve) => receiver.on("message", (data: Buffer) => resolve(data.toString("utf8"))));
    receiver.write(textFrameBytes(text));
    await expect(message).resolves.toBe(text);
  });
});

describe("PreparedFrame", () => {
  it("builds its wire bytes once and hands every recipient the same list", () => {
    const frame = new PreparedFrame('{"event":"x"}');
    expect(frame.chunks).toBe(frame.chunks);
    expect(frame.chunks[0].equals(textFrameBytes(frame.text))).toBe(true);
  });
});
