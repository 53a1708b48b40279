import "server-only";

import { randomBytes } from "node:crypto";

import { CHANNELS, EVENTS } from "@/lib/channels";
import { CLASS_LIST_MAX, type ClassInfo, type ClassList, type ClassSummary, type StartClassRequest } from "@/lib/classes";
import type { SessionUser } from "@/lib/schemas";

import { RealtimeUnavailableError } from "../errors";
import { triggerEvent } from "../realtime-gateway";
import { getClassStore } from "./class-store";
import { LiveReadError, whoIsLive } from "./class-presence";

/** Readable id characters after the title's slug. */
const SUFFIX_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
const SLUG_MAX = 40;

/**
 * A new class id: the title's ASCII slug and 6 random characters, e.g.
 * `morning-sprints-k3x9qa` — readable in a link, never guessed twice, and
 * fit for a channel name (`presence-class-{id}`, `class-{id}-channel`).
 */
export function newClassId(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, SLUG_MAX)
    .replace(/^-+|-+$/g, "");
  const suffix = [...randomBytes(6)].map((byte) => SUFFIX_ALPHABET[byte % SUFFIX_ALPHABET.length]).join("");
  return `${slug || "class"}-${suffix}`;
}

export interface StartedClass {
  info: ClassInfo;
  /** false: the same creation key started it before (this is that class). */
  created: boolean;
  /** Whether `class-started` went out now; when not, pages still find the class in the list. */
  announced: boolean;
}

/**
 * Starts a class (`key`: the caller's creation key, scoped to the caller): stored first (acknowledged only once the store has it),
 * then announced with `class-started` on classes-channel. A retry with the
 * same key returns the same class and announces it again (pages keep one
 * per id). A live service that does not answer leaves it unannounced, not
 * unsaved.
 */
export async function startClass(request: StartClassRequest, by: SessionUser | undefined, key?: string, now = new Date()): Promise<StartedClass> {
  const info: ClassInfo = {
    id: newClassId(request.title),
    title: request.title,
    startsAt: request.startsAt ? new Date(request.startsAt).toISOString() : now.toISOString(),
    createdAt: now.toISOString(),
    createdBy: by ? { id: by.id, name: by.name } : { id: "admin", name: "Admin" },
  };
  const stored = await getClassStore().create(info, key);
  let announced = true;
  try {
    await triggerEvent(CHANNELS.classes, EVENTS.classStarted, stored.info);
  } catch (error) {
    if (!(error instanceof RealtimeUnavailableError)) throw error;
    announced = false;
  }
  return { ...stored, announced };
}

/** The newest classes with who is live in each; when that cannot be read, `live` is null and `liveError` says so. */
export async function listClasses(limit = CLASS_LIST_MAX): Promise<ClassList> {
  const classes = await getClassStore().list(limit);
  const { live, liveError } = await liveFor(classes.map((c) => c.id));
  return { classes: classes.map((c): ClassSummary => ({ ...c, live: live?.get(c.id) ?? null })), ...(liveError ? { liveError } : {}) };
}

/** One class as stored, or null when it is not kept (the class page's title). */
export function findClass(id: string): Promise<ClassInfo | null> {
  return getClassStore().get(id);
}

/** One class with who is live in it, or null when it is not kept. */
export async function classDetail(id: string): Promise<{ class: ClassSummary; liveError?: string } | null> {
  const info = await getClassStore().get(id);
  if (!info) return null;
  const { live, liveError } = await liveFor([id]);
  return { class: { ...info, live: live?.get(id) ?? null }, ...(liveError ? { liveError } : {}) };
}

async function liveFor(ids: string[]): Promise<{ live?: Map<string, ClassSummary["live"]>; liveError?: string }> {
  if (ids.length === 0) return { live: new Map() };
  try {
    return { live: (await whoIsLive(ids)).live };
  } catch (error) {
    if (error instanceof LiveReadError) return { liveError: error.message };
    throw error;
  }
}
