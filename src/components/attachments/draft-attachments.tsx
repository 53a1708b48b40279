"use client";

import { RotateCw, X } from "lucide-react";

import { Button } from "@/components/ui/button";
import type { DraftFile } from "@/hooks/use-attachments";
import { formatBytes } from "@/lib/attachments";
import { cn } from "@/lib/utils";

import { FileIcon } from "./file-icon";

/**
 * The files on the message being written, as chips: a thumbnail once an
 * image is stored, a progress bar while uploading, and Cancel, Retry and
 * Remove with names that say which file.
 */
export function DraftAttachments({
  files,
  notice,
  onCancel,
  onRetry,
  onRemove,
}: {
  files: DraftFile[];
  notice?: string;
  onCancel: (key: string) => void;
  onRetry: (key: string) => void;
  onRemove: (key: string) => void;
}) {
  if (files.length === 0 && !notice) return null;
  return (
    <div className="flex flex-col gap-1">
      {files.length > 0 && (
        <ul aria-label="Attached files" className="flex flex-wrap gap-2">
          {files.map((file) => (
            <li
              key={file.key}
              data-status={file.status}
              className={cn(
                "flex w-full max-w-full min-w-0 items-center gap-2 rounded-lg border bg-card px-2 py-1.5 text-xs sm:w-64",
                file.status === "failed" ? "border-destructive/60" : "border-border",
              )}
            >
              {file.attachment?.thumbUrl ? (
                // eslint-disable-next-line @next/next/no-img-element -- a signed-in, private file: no image optimizer in between.
                <img src={file.attachment.thumbUrl} alt="" className="size-8 shrink-0 rounded object-cover" />
              ) : (
                <FileIcon type={file.type} className="size-5 shrink-0 text-muted-foreground" />
              )}
              <div className="flex min-w-0 flex-1 flex-col gap-0.5">
                <span className="truncate font-medium text-foreground" title={file.name}>
                  {file.name}
                </span>
                {file.status === "uploading" ? (
                  <span
                    role="progressbar"
                    aria-label={`Uploading ${file.name}`}
                    aria-valuemin={0}
                    aria-valuemax={100}
                    aria-valuenow={Math.round(file.progress * 100)}
                    className="block h-1.5 w-full overflow-hidden rounded-full bg-muted"
                  >
                    <span className="block h-full rounded-full bg-primary transition-[width]" style={{ width: `${Math.round(file.progress * 100)}%` }} />
                  </span>
                ) : file.status === "failed" ? (
                  <span className="text-destructive">{file.error}</span>
                ) : (
                  <span className="text-muted-foreground">{formatBytes(file.size)}</span>
                )}
              </div>
              {file.status === "uploading" && (
                <Button variant="ghost" size="xs" aria-label={`Cancel upload of ${file.name}`} onClick={() => onCancel(file.key)}>
                  Cancel
                </Button>
              )}
              {file.status === "failed" && file.retryable && (
                <Button variant="ghost" size="xs" aria-label={`Retry upload of ${file.name}`} onClick={() => onRetry(file.key)}>
                  <RotateCw aria-hidden className="size-3" />
                </Button>
              )}
              <Button variant="ghost" size="xs" aria-label={`Remove ${file.name}`} onClick={() => onRemove(file.key)}>
                <X aria-hidden className="size-3.5" />
              </Button>
            </li>
          ))}
        </ul>
      )}
      <p role="status" className="text-xs text-destructive empty:hidden">
        {notice}
      </p>
    </div>
  );
}
