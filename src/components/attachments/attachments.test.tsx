import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { DraftFile } from "@/hooks/use-attachments";
import type { Attachment } from "@/lib/attachments";

import { DraftAttachments } from "./draft-attachments";
import { MessageAttachments } from "./message-attachments";

const draft = (over: Partial<DraftFile>): DraftFile => ({ key: "k", index: 0, name: "plan.pdf", size: 2048, type: "application/pdf", status: "uploading", progress: 0, retryable: true, ...over });

describe("DraftAttachments", () => {
  it("shows each file's progress and names every control after its file", async () => {
    const onCancel = vi.fn();
    const onRetry = vi.fn();
    const onRemove = vi.fn();
    render(
      <DraftAttachments
        files={[
          draft({ key: "a", name: "plan.pdf", progress: 0.42 }),
          draft({ key: "b", name: "bar.jpg", type: "image/jpeg", status: "failed", error: "No connection; the file was not sent. Try again." }),
          draft({ key: "c", name: "big.mov", type: "video/quicktime", status: "failed", retryable: false, error: "Too large: files can be at most 10 MB." }),
        ]}
        onCancel={onCancel}
        onRetry={onRetry}
        onRemove={onRemove}
      />,
    );
    const list = screen.getByRole("list", { name: "Attached files" });
    expect(within(list).getAllByRole("listitem")).toHaveLength(3);
    expect(screen.getByRole("progressbar", { name: "Uploading plan.pdf" })).toHaveAttribute("aria-valuenow", "42");
    expect(screen.getByText("Too large: files can be at most 10 MB.")).toBeVisible();
    expect(screen.queryByRole("button", { name: "Retry upload of big.mov" })).toBeNull();

    await userEvent.click(screen.getByRole("button", { name: "Cancel upload of plan.pdf" }));
    await userEvent.click(screen.getByRole("button", { name: "Retry upload of bar.jpg" }));
    await userEvent.click(screen.getByRole("button", { name: "Remove big.mov" }));
    expect(onCancel).toHaveBeenCalledWith("a");
    expect(onRetry).toHaveBeenCalledWith("b");
    expect(onRemove).toHaveBeenCalledWith("c");
  });

  it("says when there are too many files, and renders nothing without files", () => {
    const { container, rerender } = render(<DraftAttachments files={[]} onCancel={vi.fn()} onRetry={vi.fn()} onRemove={vi.fn()} />);
    expect(container).toBeEmptyDOMElement();
    rerender(<DraftAttachments files={[]} notice="At most 4 files per message." onCancel={vi.fn()} onRetry={vi.fn()} onRemove={vi.fn()} />);
    expect(screen.getByRole("status")).toHaveTextContent("At most 4 files per message.");
  });
});

describe("MessageAttachments", () => {
  const photo: Attachment = { id: "AAAAAAAAAAAAAAAAAAAAAA", name: "bar.jpg", type: "image/jpeg", size: 180_000, width: 4000, height: 3000, url: "/api/files/AAAAAAAAAAAAAAAAAAAAAA", thumbUrl: "/api/files/AAAAAAAAAAAAAAAAAAAAAA/thumb" };
  const plan: Attachment = { id: "BBBBBBBBBBBBBBBBBBBBBB", name: "Week 3 plan.pdf", type: "application/pdf", size: 2_400_000, url: "/api/files/BBBBBBBBBBBBBBBBBBBBBB" };

  it("shows a photo as a thumbnail that opens the full picture, and a PDF as a download card", () => {
    render(<MessageAttachments attachments={[photo, plan]} />);
    const open = screen.getByRole("link", { name: "Open photo bar.jpg full size" });
    expect(open).toHaveAttribute("href", photo.url);
    expect(open).toHaveAttribute("target", "_blank");
    const image = within(open).getByRole("img", { name: "bar.jpg" });
    expect(image).toHaveAttribute("src", photo.thumbUrl);
    // Its shape kept within 200 px, so nothing jumps when it loads.
    expect([image.getAttribute("width"), image.getAttribute("height")]).toEqual(["200", "150"]);

    const download = screen.getByRole("link", { name: "Download Week 3 plan.pdf (PDF, 2.3 MB)" });
    expect(download).toHaveAttribute("href", plan.url);
    expect(download).toHaveAttribute("download", "Week 3 plan.pdf");
    expect(download).toHaveTextContent("PDF · 2.3 MB");
  });

  it("names Office and video files by their type", () => {
    render(
      <MessageAttachments
        attachments={[
          { ...plan, id: "CCCCCCCCCCCCCCCCCCCCCC", name: "Results.xlsx", type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", size: 900 },
          { ...plan, id: "DDDDDDDDDDDDDDDDDDDDDD", name: "squat.mov", type: "video/quicktime", size: 9_000_000 },
        ]}
      />,
    );
    expect(screen.getByRole("link", { name: "Download Results.xlsx (Excel spreadsheet, 900 bytes)" })).toBeVisible();
    expect(screen.getByRole("link", { name: "Download squat.mov (QuickTime video, 8.6 MB)" })).toBeVisible();
  });
});
