import "server-only";

import type { Award } from "@/lib/schemas";

import { matchesFilter, type AwardFilter } from "./awards";

/** How many history entries one query looks at before answering with a cursor (bounds a filtered scan). */
export const MAX_AWARD_SCAN = 5000;

/**
 * The award history in this process's memory: awards in `seq` order (1, 2,
 * …), the oldest dropped past `capacity`.
 */
export class MemoryAwardLog {
  private readonly entries: Award[] = [];
  private readonly byId = new Map<string, Award>();
  private seq = 0;

  constructor(private readonly capacity = 100_000) {}

  /** Stores a new award with the next seq. */
  append(record: Omit<Award, "seq">): Award {
    this.seq += 1;
    const award: Award = { ...record, seq: this.seq };
    this.entries.push(award);
    this.byId.set(award.id, award);
    if (this.entries.length > this.capacity * 1.1) {
      for (const old of this.entries.splice(0, this.entries.length - this.capacity)) this.byId.delete(old.id);
    }
    return award;
  }

  get(id: string): Award | undefined {
    return this.byId.get(id);
  }

  /** Marks an award (undone); returns it as stored now. */
  update(id: string, patch: Partial<Pick<Award, "undoneBy" | "undoneAt">>): Award {
    const award = this.byId.get(id);
    if (!award) throw new Error(`no award ${id}`);
    Object.assign(award, patch);
    return { ...award };
  }

  /** Newest first, below `cursor`; `nextCursor` when more may match. */
  query(filter: AwardFilter): { awards: Award[]; nextCursor: number | null } {
    const awards: Award[] = [];
    let scanned = 0;
    // seqs are consecutive from the first entry's: start right below the cursor.
    const first = this.entries[0]?.seq ?? 1;
    const top = filter.cursor === undefined ? this.entries.length - 1 : Math.min(this.entries.length - 1, filter.cursor - 1 - first);
    for (let i = top; i >= 0; i -= 1) {
      const award = this.entries[i]!;
      if (filter.from && Date.parse(award.at) < filter.from.getTime()) break;
      scanned += 1;
      if (matchesFilter(award, filter)) {
        awards.push({ ...award });
        if (awards.length === filter.limit) return { awards, nextCursor: i > 0 ? award.seq : null };
      }
      if (scanned >= MAX_AWARD_SCAN) return { awards, nextCursor: i > 0 ? award.seq : null };
    }
    return { awards, nextCursor: null };
  }
}
