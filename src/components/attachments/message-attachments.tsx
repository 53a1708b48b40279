import { Download } from "lucide-react";

import { ACCEPTED_TYPES, formatBytes, isAcceptedMime, THUMB_SIZE, type Attachment } from "@/lib/attachments";
import { cn } from "@/lib/utils";

import { FileIcon } from "./file-icon";

const typeLabel = (type: string) => (isAcceptedMime(type) ? ACCEPTED_TYPES[type].label : "File");

/** Thumbnail box: the image's shape within THUMB_SIZE / 1.6 (so two fit side by side on a 320 px phone). */
function thumbBox({ width, height }: Attachment): { width: number; height: number } {
  const max = THUMB_SIZE / 1.6;
  if (!width || !height) return { width: max, height: max };
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(48, Math.round(width * scale)), height: Math.max(48, Math.round(height * scale)) };
}

/**
 * A message's files: images as thumbnails that open the full picture in a
 * new tab, anything else as a download card with its type, name and size.
 */
export function MessageAttachments({ attachments, own }: { attachments: readonly Attachment[]; own?: boolean }) {
  if (attachments.length === 0) return null;
  const images = attachments.filter((attachment) => attachment.thumbUrl);
  const others = attachments.filter((attachment) => !attachment.thumbUrl);
  return (
    <div className={cn("flex max-w-full flex-col gap-1.5", own ? "items-end" : "items-start")}>
      {images.length > 0 && (
        <ul aria-label="Photos" className={cn("flex flex-wrap gap-1.5", own && "justify-end")}>
          {images.map((image) => {
            const box = thumbBox(image);
            return (
              <li key={image.id}>
                <a
                  href={image.url}
                  target="_blank"
                  rel="noopener"
                  className="block overflow-hidden rounded-xl border border-border bg-muted focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
                  aria-label={`Open photo ${image.name} full size`}
                >
                  {/* eslint-disable-next-line @next/next/no-img-element -- a signed-in, private file: no image optimizer in between. */}
                  <img src={image.thumbUrl} alt={image.name} width={box.width} height={box.height} loading="lazy" decoding="async" className="block object-cover" style={{ width: box.width, height: box.height }} />
                </a>
              </li>
            );
          })}
        </ul>
      )}
      {others.map((file) => (
        <a
          key={file.id}
          href={file.url}
          download={file.name}
          className="flex w-64 max-w-full min-w-0 items-center gap-3 rounded-xl border border-border bg-card px-3 py-2 text-sm text-foreground hover:bg-muted focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
          aria-label={`Download ${file.name} (${typeLabel(file.type)}, ${formatBytes(file.size)})`}
        >
          <FileIcon type={file.type} className="size-6 shrink-0 text-primary" />
          <span className="flex min-w-0 flex-1 flex-col">
            <span className="truncate font-medium">{file.name}</span>
            <span className="truncate text-xs text-muted-foreground">
              {typeLabel(file.type)} · {formatBytes(file.size)}
            </span>
          </span>
          <Download aria-hidden className="size-4 shrink-0 text-muted-foreground" />
        </a>
      ))}
    </div>
  );
}
