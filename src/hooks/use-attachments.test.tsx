import { act, renderHook, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { FakeXhr, useFakeXhr } from "../../tests/support/fake-xhr";
import { useAttachments } from "./use-attachments";

const stored = (id: string, name: string, type = "application/pdf") => ({ attachment: { id, name, type, size: 4, url: `/api/files/${id}` } });
const ID_A = "AAAAAAAAAAAAAAAAAAAAAA";
const ID_B = "BBBBBBBBBBBBBBBBBBBBBB";
const file = (name: string, type = "application/pdf", size = 4) => new File([new Uint8Array(size)], name, { type });

let fetchMock: ReturnType<typeof vi.fn>;
beforeEach(() => {
  useFakeXhr();
  fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    if (String(input) === "/api/files" && (init?.method ?? "GET") === "GET") return Response.json({ maxBytes: 1000, maxFiles: 4 });
    return new Response(null, { status: 204 });
  });
  vi.stubGlobal("fetch", fetchMock);
});
afterEach(() => vi.unstubAllGlobals());

async function addFiles(result: { current: ReturnType<typeof useAttachments> }, files: File[]) {
  await act(() => result.current.add(files));
}

describe("useAttachments", () => {
  it("uploads each file at once under the draft's clientMessageId and its own index, with progress", async () => {
    const { result } = renderHook(() => useAttachments());
    await addFiles(result, [file("plan.pdf"), file("bar.jpg", "image/jpeg")]);
    expect(FakeXhr.all).toHaveLength(2);
    const [first, second] = FakeXhr.all;
    expect(first!.query).toEqual({ clientMessageId: result.current.clientMessageId, index: "0", name: "plan.pdf" });
    expect(second!.query).toMatchObject({ index: "1", name: "bar.jpg" });
    expect(first!.method).toBe("POST");
    act(() => first!.progress(2, 4));
    expect(result.current.files[0]).toMatchObject({ status: "uploading", progress: 0.5 });
    expect(result.current.ready).toBe(false);
    act(() => first!.answer(201, stored(ID_A, "plan.pdf")));
    act(() => second!.answer(201, stored(ID_B, "bar.jpg", "image/jpeg")));
    await waitFor(() => expect(result.current.ready).toBe(true));
    expect(result.current.attachments.map((a) => a.id)).toEqual([ID_A, ID_B]);
  });

  it("retries a failed upload on the same index (the server stores it once), and cancels one in flight", async () => {
    const { result } = renderHook(() => useAttachments());
    await addFiles(result, [file("plan.pdf")]);
    act(() => FakeXhr.all[0]!.fail());
    await waitFor(() => expect(result.current.files[0]).toMatchObject({ status: "failed", retryable: true, error: expect.stringMatching(/No connection/) }));
    act(() => result.current.retry(result.current.files[0]!.key));
    expect(FakeXhr.all).toHaveLength(2);
    expect(FakeXhr.all[1]!.query).toEqual(FakeXhr.all[0]!.query);
    act(() => result.current.cancel(result.current.files[0]!.key));
    expect(FakeXhr.all[1]!.aborted).toBe(true);
    expect(result.current.files[0]).toMatchObject({ status: "failed", error: "Cancelled.", retryable: true });
  });

  it("shows the server's refusal (415) without a retry", async () => {
    const { result } = renderHook(() => useAttachments());
    await addFiles(result, [file("plan.pdf")]);
    act(() => FakeXhr.all[0]!.answer(415, { error: { code: "unsupported_file_type", message: "This file is a PNG image, but its name ends in .pdf." } }));
    await waitFor(() => expect(result.current.files[0]).toMatchObject({ status: "failed", retryable: false, error: "This file is a PNG image, but its name ends in .pdf." }));
    expect(result.current.ready).toBe(false);
  });

  it("refuses before uploading what the server's limits refuse: too large, an unknown type, a fifth file", async () => {
    const { result } = renderHook(() => useAttachments());
    await addFiles(result, [file("huge.pdf", "application/pdf", 1001), file("run.sh", "text/x-sh"), file("a.pdf"), file("b.pdf"), file("c.pdf")]);
    expect(FakeXhr.all).toHaveLength(2);
    expect(result.current.files.map((f) => [f.name, f.status, f.error])).toEqual([
      ["huge.pdf", "failed", "Too large: files can be at most 1000 bytes."],
      ["run.sh", "failed", "This type of file cannot be shared."],
      ["a.pdf", "uploading", undefined],
      ["b.pdf", "uploading", undefined],
    ]);
    expect(result.current.notice).toBe("At most 4 files per message.");
  });

  it("removes a stored, unsent file from the server, and starts a new draft after sending", async () => {
    const { result } = renderHook(() => useAttachments());
    await addFiles(result, [file("plan.pdf")]);
    act(() => FakeXhr.all[0]!.answer(201, stored(ID_A, "plan.pdf")));
    await waitFor(() => expect(result.current.ready).toBe(true));
    act(() => result.current.remove(result.current.files[0]!.key));
    expect(result.current.files).toEqual([]);
    await waitFor(() => expect(fetchMock).toHaveBeenCalledWith(`/api/files/${ID_A}`, expect.objectContaining({ method: "DELETE" })));
    const before = result.current.clientMessageId;
    act(() => result.current.reset());
    expect(result.current.clientMessageId).not.toBe(before);
    await addFiles(result, [file("next.pdf")]);
    expect(FakeXhr.all.at(-1)!.query).toMatchObject({ clientMessageId: result.current.clientMessageId, index: "0" });
  });
});
