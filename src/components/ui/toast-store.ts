/**
 * Toasts: a tiny store any component can call (`toast("Saved")`), shown by
 * <Toaster />. In place of sonner (13 KB gzip of the page's budget).
 */
export interface Toast {
  id: number;
  title: string;
  description?: string;
  tone: "default" | "success";
}

/** How long a toast stays, and how many show at once (older ones leave first). */
export const TOAST_MS = 5_000;
export const MAX_TOASTS = 3;

let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const timers = new Map<number, ReturnType<typeof setTimeout>>();

function emit(next: Toast[]) {
  toasts = next;
  for (const listener of listeners) listener();
}

/** Removes one toast now. */
export function dismissToast(id: number): void {
  clearTimeout(timers.get(id));
  timers.delete(id);
  emit(toasts.filter((toast) => toast.id !== id));
}

function show(tone: Toast["tone"], title: string, options?: { description?: string }): number {
  const id = nextId++;
  const dropped = toasts.slice(0, Math.max(0, toasts.length - MAX_TOASTS + 1));
  for (const old of dropped) clearTimeout(timers.get(old.id));
  emit([...toasts.slice(dropped.length), { id, title, description: options?.description, tone }]);
  timers.set(id, setTimeout(() => dismissToast(id), TOAST_MS));
  return id;
}

/** Shows a toast; `toast.success` for a confirmation. */
export const toast = Object.assign((title: string, options?: { description?: string }) => show("default", title, options), {
  success: (title: string, options?: { description?: string }) => show("success", title, options),
});

export function subscribeToasts(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getToasts(): Toast[] {
  return toasts;
}

const none: Toast[] = [];
export function getServerToasts(): Toast[] {
  return none;
}
