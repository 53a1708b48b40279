"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import { apiFetch } from "@/lib/api-client";
import { ACCEPTED_TYPES, DEFAULT_UPLOAD_MAX_BYTES, formatBytes, isAcceptedMime, MAX_ATTACHMENTS, MAX_UPLOAD_INDEX, mimeForName, type Attachment } from "@/lib/attachments";
import { uploadFile, UploadError } from "@/lib/upload-client";

export type DraftFileStatus = "uploading" | "done" | "failed";

/** One file attached to the message being written. */
export interface DraftFile {
  key: string;
  /** Its upload slot in this draft: (user, clientMessageId, index) names the upload on the server. */
  index: number;
  name: string;
  size: number;
  type: string;
  status: DraftFileStatus;
  /** 0…1 while uploading. */
  progress: number;
  attachment?: Attachment;
  error?: string;
  /** Whether Retry can help (not for a file too large or of the wrong type). */
  retryable: boolean;
}

interface Limits {
  maxBytes: number;
  maxFiles: number;
}

let limitsOnce: Promise<Limits> | undefined;
/** The server's limits, asked once per page (the default when the answer does not come). */
function serverLimits(): Promise<Limits> {
  limitsOnce ??= apiFetch<Limits>("/api/files", { method: "GET" }).catch(() => {
    limitsOnce = undefined;
    return { maxBytes: DEFAULT_UPLOAD_MAX_BYTES, maxFiles: MAX_ATTACHMENTS };
  });
  return limitsOnce;
}

const newDraftId = () => crypto.randomUUID();

/** Why a file cannot be attached at all, before any upload, or undefined. */
function refusal(file: File, limits: Limits): string | undefined {
  if (file.size === 0) return "This file is empty.";
  if (file.size > limits.maxBytes) return `Too large: files can be at most ${formatBytes(limits.maxBytes)}.`;
  const type = isAcceptedMime(file.type) ? file.type : mimeForName(file.name);
  if (!type || !ACCEPTED_TYPES[type]) return "This type of file cannot be shared.";
  return undefined;
}

/**
 * The files of the message being written: each uploads as soon as it is
 * added (progress, cancel, retry, remove), keyed on the server by the
 * draft's clientMessageId and its index, so a retry re-uses what was stored
 * and the message (sent with the same clientMessageId) carries them once.
 * `reset()` after the message is handed to the chat starts a new draft.
 */
export function useAttachments() {
  const [clientMessageId, setClientMessageId] = useState(newDraftId);
  const [files, setFiles] = useState<DraftFile[]>([]);
  const [notice, setNotice] = useState<string | undefined>();
  const nextIndex = useRef(0);
  const uploads = useRef(new Map<string, { file: File; abort: AbortController }>());
  const draftRef = useRef(clientMessageId);
  const filesRef = useRef(files);
  useEffect(() => {
    draftRef.current = clientMessageId;
    filesRef.current = files;
  });

  const patch = useCallback((key: string, change: Partial<DraftFile>) => {
    setFiles((current) => current.map((file) => (file.key === key ? { ...file, ...change } : file)));
  }, []);

  const start = useCallback(
    (key: string, file: File, index: number) => {
      const abort = new AbortController();
      uploads.current.set(key, { file, abort });
      patch(key, { status: "uploading", progress: 0, error: undefined });
      uploadFile(file, { clientMessageId: draftRef.current, index, signal: abort.signal, onProgress: (progress) => patch(key, { progress }) }).then(
        (attachment) => patch(key, { status: "done", progress: 1, attachment }),
        (error: unknown) => {
          if (abort.signal.aborted) return;
          const known = error instanceof UploadError;
          patch(key, { status: "failed", error: known ? error.message : "The upload failed; try again.", retryable: known ? error.retryable : true });
        },
      );
    },
    [patch],
  );

  const add = useCallback(
    async (incoming: File[]) => {
      if (incoming.length === 0) return;
      const limits = await serverLimits();
      const room = Math.min(limits.maxFiles, MAX_ATTACHMENTS) - files.length;
      const taken = incoming.slice(0, Math.max(0, room));
      setNotice(incoming.length > taken.length ? `At most ${Math.min(limits.maxFiles, MAX_ATTACHMENTS)} files per message.` : undefined);
      for (const file of taken) {
        if (nextIndex.current > MAX_UPLOAD_INDEX) {
          setNotice("Send this message before attaching more files.");
          break;
        }
        const index = nextIndex.current++;
        const key = `${draftRef.current}-${index}`;
        const why = refusal(file, limits);
        const draft: DraftFile = { key, index, name: file.name || "file", size: file.size, type: file.type, status: why ? "failed" : "uploading", progress: 0, error: why, retryable: !why };
        setFiles((current) => [...current, draft]);
        if (!why) start(key, file, index);
      }
    },
    [files.length, start],
  );

  /** Stops an upload in flight; the chip stays (failed, with Retry). */
  const cancel = useCallback(
    (key: string) => {
      uploads.current.get(key)?.abort.abort();
      patch(key, { status: "failed", error: "Cancelled.", retryable: true, progress: 0 });
    },
    [patch],
  );

  /** Uploads again under the same index: what already reached the server is not stored twice. */
  const retry = useCallback(
    (key: string) => {
      const upload = uploads.current.get(key);
      const draft = files.find((file) => file.key === key);
      if (upload && draft) start(key, upload.file, draft.index);
    },
    [files, start],
  );

  /** Takes a file off the message (and off the server, when it was stored and never sent). */
  const remove = useCallback((key: string) => {
    uploads.current.get(key)?.abort.abort();
    uploads.current.delete(key);
    const gone = filesRef.current.find((file) => file.key === key);
    if (gone?.attachment) void apiFetch(`/api/files/${gone.attachment.id}`, { method: "DELETE" }).catch(() => undefined);
    setFiles((current) => current.filter((file) => file.key !== key));
    setNotice(undefined);
  }, []);

  /** A new draft: called once the message (with these files) is handed to the chat. */
  const reset = useCallback(() => {
    uploads.current.clear();
    nextIndex.current = 0;
    setFiles([]);
    setNotice(undefined);
    setClientMessageId(newDraftId());
  }, []);

  // Leaving the page mid-upload: stop what is still sending.
  useEffect(() => {
    const current = uploads.current;
    return () => {
      for (const { abort } of current.values()) abort.abort();
    };
  }, []);

  const attachments = useMemo(() => files.flatMap((file) => (file.status === "done" && file.attachment ? [file.attachment] : [])), [files]);
  const uploading = files.some((file) => file.status === "uploading");
  const failed = files.some((file) => file.status === "failed");
  return { clientMessageId, files, notice, add, cancel, retry, remove, reset, attachments, uploading, failed, ready: !uploading && !failed };
}
