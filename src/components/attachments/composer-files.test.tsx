import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { Composer } from "@/components/chat/composer";

import { FakeXhr, useFakeXhr } from "../../../tests/support/fake-xhr";

const ID = "AAAAAAAAAAAAAAAAAAAAAA";
const photo = () => new File([new Uint8Array(8)], "bar.jpg", { type: "image/jpeg" });

beforeEach(() => {
  useFakeXhr();
  vi.stubGlobal("fetch", vi.fn(async () => Response.json({ maxBytes: 10 * 1024 * 1024, maxFiles: 4 })));
});
afterEach(() => vi.unstubAllGlobals());

function setup() {
  const onSend = vi.fn();
  render(<Composer onSend={onSend} onTyping={() => {}} onStopTyping={() => {}} />);
  return { onSend, box: screen.getByRole("textbox", { name: "Message" }), sendButton: screen.getByRole("button", { name: "Send" }) };
}

describe("Composer with files", () => {
  it("attaches by the picker, waits for the upload, then sends the files (text optional) under the draft's clientMessageId", async () => {
    const { onSend, sendButton } = setup();
    expect(screen.getByRole("button", { name: "Attach files" })).toBeEnabled();
    await userEvent.upload(screen.getByTestId("attach-input"), photo());
    await waitFor(() => expect(FakeXhr.all).toHaveLength(1));
    expect(screen.getByRole("progressbar", { name: "Uploading bar.jpg" })).toBeVisible();
    expect(sendButton).toBeDisabled();
    act(() => FakeXhr.all[0]!.answer(201, { attachment: { id: ID, name: "bar.jpg", type: "image/jpeg", size: 8, width: 4, height: 2, url: `/api/files/${ID}`, thumbUrl: `/api/files/${ID}/thumb` } }));
    await waitFor(() => expect(sendButton).toBeEnabled());
    await userEvent.click(sendButton);
    expect(onSend).toHaveBeenCalledWith("", { clientMessageId: FakeXhr.all[0]!.query.clientMessageId, attachments: [expect.objectContaining({ id: ID })] });
    // A new draft: no chips left.
    expect(screen.queryByRole("list", { name: "Attached files" })).toBeNull();
  });

  it("takes a pasted image and files dropped on it", async () => {
    const { box } = setup();
    fireEvent.paste(box, { clipboardData: { files: [photo()], types: ["Files"] } });
    await waitFor(() => expect(FakeXhr.all).toHaveLength(1));
    const form = box.closest("form")!;
    const dataTransfer = { files: [new File([new Uint8Array(4)], "plan.pdf", { type: "application/pdf" })], types: ["Files"], dropEffect: "none" };
    fireEvent.dragEnter(form, { dataTransfer });
    expect(screen.getByText("Drop files to attach")).toBeInTheDocument();
    fireEvent.drop(form, { dataTransfer });
    await waitFor(() => expect(FakeXhr.all).toHaveLength(2));
    expect(FakeXhr.all.map((xhr) => [xhr.query.name, xhr.query.index])).toEqual([
      ["bar.jpg", "0"],
      ["plan.pdf", "1"],
    ]);
    expect(screen.queryByText("Drop files to attach")).toBeNull();
  });

  it("keeps Send off while a file failed, until it is removed", async () => {
    const { box, sendButton } = setup();
    await userEvent.type(box, "look");
    await userEvent.upload(screen.getByTestId("attach-input"), photo());
    await waitFor(() => expect(FakeXhr.all).toHaveLength(1));
    act(() => FakeXhr.all[0]!.answer(415, { error: { code: "unsupported_file_type", message: "Only photos…" } }));
    await screen.findByText("Only photos…");
    expect(sendButton).toBeDisabled();
    await userEvent.click(screen.getByRole("button", { name: "Remove bar.jpg" }));
    expect(sendButton).toBeEnabled();
  });
});
