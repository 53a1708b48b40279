import { useMemo } from "react";

import { cn } from "@/lib/utils";

import { tokenize } from "./message-tokens";

/**
 * A message's text as React text (never HTML): http/https links open in a
 * new tab without handing over the page (`noopener noreferrer nofollow`),
 * mentions of known members stand out, and mentions of the reader are
 * marked. Long words wrap anywhere rather than widen the page.
 */
export function MessageText({ text, names, me, className }: { text: string; names: readonly string[]; me?: string; className?: string }) {
  const tokens = useMemo(() => tokenize(text, { names, me }), [text, names, me]);
  return (
    <span data-slot="message-text" className={cn("whitespace-pre-wrap wrap-anywhere", className)}>
      {tokens.map((token, index) => {
        if (token.type === "link") {
          return (
            <a
              key={index}
              href={token.href}
              target="_blank"
              rel="noopener noreferrer nofollow"
              className="underline underline-offset-2 hover:decoration-2 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring"
            >
              {token.value}
            </a>
          );
        }
        if (token.type === "mention") {
          return token.self ? (
            <mark key={index} data-slot="mention-self" className="rounded bg-warning px-0.5 font-semibold text-warning-foreground ring-1 ring-warning-border">
              {token.value}
            </mark>
          ) : (
            <span key={index} data-slot="mention" className="font-semibold">
              {token.value}
            </span>
          );
        }
        return <span key={index}>{token.value}</span>;
      })}
    </span>
  );
}
