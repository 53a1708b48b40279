"use client";

import { useEffect, useState } from "react";

import type { PeerTraffic } from "@/lib/call-mesh";

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

/**
 * "Connection details": each peer's link state and bytes in and out, read
 * from RTCPeerConnection.getStats every second while open — for someone
 * checking why they cannot hear a person (and what the browser tests read).
 */
export function CallDetails({ traffic, names }: { traffic: () => Promise<PeerTraffic[]>; names: Record<string, string> }) {
  const [rows, setRows] = useState<PeerTraffic[]>([]);
  useEffect(() => {
    let live = true;
    const read = () => void traffic().then((next) => live && setRows(next), () => undefined);
    read();
    const timer = setInterval(read, 1_000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [traffic]);

  if (rows.length === 0) return <p className="px-3 pb-2 text-xs text-muted-foreground">No connection yet.</p>;
  return (
    <div className="overflow-x-auto px-3 pb-2">
      <table className="w-full text-left text-xs tabular-nums">
        <caption className="sr-only">Connection details</caption>
        <thead className="text-muted-foreground">
          <tr>
            <th scope="col" className="py-1 font-medium">Person</th>
            <th scope="col" className="font-medium">Link</th>
            <th scope="col" className="font-medium">Sound in / out</th>
            <th scope="col" className="font-medium">Video in / out</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={row.userId}
              data-testid={`call-traffic-${row.userId}`}
              data-state={row.state}
              data-audio-in={row.audioIn}
              data-audio-out={row.audioOut}
              data-video-in={row.videoIn}
              data-video-out={row.videoOut}
            >
              <th scope="row" className="py-1 pr-2 font-normal">{names[row.userId] ?? "Someone"}</th>
              <td className="pr-2">{row.state}</td>
              <td className="pr-2">{kb(row.audioIn)} / {kb(row.audioOut)}</td>
              <td>{kb(row.videoIn)} / {kb(row.videoOut)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
