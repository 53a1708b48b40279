/** "Ana is typing…", "Ana and Ben are typing…", "3 people are typing…"; empty when nobody is. */
export function typingLabel(names: readonly string[]): string {
  if (names.length === 0) return "";
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return `${names.length} people are typing…`;
}

/** How long a typing notice lasts after the last keystroke event. */
export const TYPING_EXPIRY_MS = 3000;
/** At most one typing event per this interval while typing goes on. */
export const TYPING_THROTTLE_MS = 1000;
