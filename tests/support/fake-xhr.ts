/**
 * A stand-in XMLHttpRequest for upload tests in jsdom: every request is
 * recorded, and the test drives it (progress, answer, network error).
 */
import { vi } from "vitest";

export class FakeXhr {
  static all: FakeXhr[] = [];
  method = "";
  url = "";
  headers: Record<string, string> = {};
  body: unknown;
  status = 0;
  response: unknown = null;
  responseType = "";
  aborted = false;
  upload: { onprogress: ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;

  constructor() {
    FakeXhr.all.push(this);
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name.toLowerCase()] = value;
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }

  /** The query of the request: clientMessageId, index, name. */
  get query(): Record<string, string> {
    return Object.fromEntries(new URL(this.url, "http://x").searchParams);
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ loaded, total, lengthComputable: true });
  }
  answer(status: number, body: unknown) {
    this.status = status;
    this.response = body;
    this.onload?.();
  }
  fail() {
    this.onerror?.();
  }
}

/** Installs FakeXhr as XMLHttpRequest for the current test (undone by vi.unstubAllGlobals). */
export function useFakeXhr(): typeof FakeXhr {
  FakeXhr.all = [];
  vi.stubGlobal("XMLHttpRequest", FakeXhr);
  return FakeXhr;
}
