/**
 * "You just joined": the join form marks it before the page turns into the
 * coaching page, which then puts focus in the message box instead of
 * leaving it on a form that no longer exists. Browser memory only — a
 * reload is not a join.
 */
let joinedAt = 0;
const FRESH_MS = 10_000;

export function markJoined(): void {
  joinedAt = Date.now();
}

export function justJoined(): boolean {
  return joinedAt > 0 && Date.now() - joinedAt < FRESH_MS;
}

export function clearJoined(): void {
  joinedAt = 0;
}
