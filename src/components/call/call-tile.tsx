"use client";

import { MicOff, User, VideoOff } from "lucide-react";
import { useEffect, useRef } from "react";

import { cn } from "@/lib/utils";

/**
 * One person's picture in the call window: their video, or their initial
 * when the camera is off (or a voice call). A remote tile also plays their
 * sound; your own tile is muted and mirrored.
 */
export function CallTile({
  name,
  stream,
  self = false,
  showVideo,
  audioOff,
  status,
}: {
  name: string;
  stream: MediaStream | null;
  self?: boolean;
  showVideo: boolean;
  audioOff: boolean;
  /** What the tile shows over the picture while not connected (e.g. "Ringing…"). */
  status?: string;
}) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video || video.srcObject === stream) return;
    video.srcObject = stream;
    if (stream) void video.play().catch(() => undefined); // autoplay refused: the next click plays it
  }, [stream]);

  return (
    <figure className="relative aspect-video overflow-hidden rounded-lg bg-muted" data-slot="call-tile" data-person={name}>
      <video
        ref={ref}
        autoPlay
        playsInline
        muted={self}
        aria-hidden
        className={cn("size-full object-cover", self && "-scale-x-100", !showVideo && "invisible")}
      />
      {!showVideo && (
        <div className="absolute inset-0 flex items-center justify-center" aria-hidden>
          <span className="flex size-12 items-center justify-center rounded-full bg-card text-lg font-semibold">
            {name.trim().charAt(0).toUpperCase() || <User className="size-6" />}
          </span>
        </div>
      )}
      <figcaption className="absolute inset-x-1 bottom-1 flex items-center gap-1 truncate rounded bg-background/80 px-1.5 py-0.5 text-xs font-medium">
        <span className="truncate">{self ? `${name} (you)` : name}</span>
        {audioOff && <MicOff aria-label="muted" className="size-3.5 shrink-0" />}
        {!showVideo && !status && <VideoOff aria-label="camera off" className="size-3.5 shrink-0" />}
        {status && <span className="ml-auto shrink-0 text-muted-foreground">{status}</span>}
      </figcaption>
    </figure>
  );
}
