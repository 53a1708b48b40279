import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { MessageText } from "./message-text";
import { mentions, safeHref, tokenize } from "./message-tokens";

const NAMES = ["Ana", "Ana Silva", "Ben"];

function show(text: string, me?: string) {
  return render(<MessageText text={text} names={NAMES} me={me} />).container.querySelector("[data-slot=message-text]")!;
}

describe("tokenize", () => {
  it("finds mentions of known names, the longest first, at word boundaries, any case", () => {
    expect(tokenize("thanks @ana silva and @BEN!", { names: NAMES, me: "Ben" })).toEqual([
      { type: "text", value: "thanks " },
      { type: "mention", value: "@ana silva", self: false },
      { type: "text", value: " and " },
      { type: "mention", value: "@BEN", self: true },
      { type: "text", value: "!" },
    ]);
  });

  it("ignores e-mail addresses, unknown names and names that only start a longer word", () => {
    expect(tokenize("mail ana@ben.example, @nobody, @Benjamin", { names: NAMES }).filter((t) => t.type === "mention")).toEqual([]);
    expect(mentions("hey @Bennet", "Ben")).toBe(false);
    expect(mentions("hey @ben.", "Ben")).toBe(true);
  });

  it("links http, https and bare domains, and nothing else", () => {
    const links = tokenize("see example.com, https://coach.example/plan?week=2 and HTTP://X.IO", {}).filter((t) => t.type === "link");
    expect(links).toEqual([
      { type: "link", value: "example.com", href: "http://example.com/" },
      { type: "link", value: "https://coach.example/plan?week=2", href: "https://coach.example/plan?week=2" },
      { type: "link", value: "HTTP://X.IO", href: "http://x.io/" },
    ]);
  });

  it("never links javascript:, data:, vbscript:, file:, ftp: or mailto:", () => {
    const hostile = [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(document.cookie)//example.com",
      "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
      "vbscript:msgbox(1)",
      "file:///etc/passwd",
      "ftp://files.example.com/x",
      "ana@example.com",
    ];
    for (const text of hostile) {
      const hrefs = tokenize(text, {}).flatMap((t) => (t.type === "link" ? [t.href] : []));
      for (const href of hrefs) expect(href, text).toMatch(/^https?:\/\//);
      expect(tokenize(text, {}).map((t) => t.value).join(""), text).toBe(text);
    }
    expect(safeHref("javascript:alert(1)")).toBeNull();
    expect(safeHref("data:text/html,hi")).toBeNull();
    expect(safeHref("not a url")).toBeNull();
  });

  it("keeps every character of the text, in order, whatever it holds", () => {
    const texts = ["@", "@@Ana", "a@Ana", "@Ana@Ben", "x".repeat(2000), "@".repeat(2000), "🏃 @Ana 🏃 https://ex.am/🏃", "<b>@Ben</b>"];
    for (const text of texts) expect(tokenize(text, { names: NAMES }).map((t) => t.value).join("")).toBe(text);
  });
});

describe("MessageText", () => {
  it("marks mentions of the reader and only those", () => {
    const text = show("@Ana and @Ben, look", "Ana");
    const marked = text.querySelectorAll("mark");
    expect([...marked].map((mark) => mark.textContent)).toEqual(["@Ana"]);
    expect(text.querySelector("[data-slot=mention]")?.textContent).toBe("@Ben");
  });

  it("renders links that open safely in a new tab", () => {
    show("plan at https://coach.example/plan");
    const link = screen.getByRole("link", { name: "https://coach.example/plan" });
    expect(link).toHaveAttribute("href", "https://coach.example/plan");
    expect(link).toHaveAttribute("target", "_blank");
    expect(link).toHaveAttribute("rel", "noopener noreferrer nofollow");
  });

  it("shows javascript: and data: links as plain text, with no link at all", () => {
    const text = show('click javascript:alert(1) or data:text/html,<script>alert(1)</script> or <a href="javascript:alert(1)">me</a>');
    expect(screen.queryAllByRole("link")).toEqual([]);
    expect(text.querySelector("a, script")).toBeNull();
    expect(text.textContent).toContain('<a href="javascript:alert(1)">me</a>');
  });

  it("shows HTML as text, never as elements", () => {
    const text = show('<img src=x onerror="alert(1)"><script>alert(2)</script><b>bold</b>');
    expect(text.querySelector("img, script, b")).toBeNull();
    expect(text.textContent).toBe('<img src=x onerror="alert(1)"><script>alert(2)</script><b>bold</b>');
  });

  it("lets a very long word wrap anywhere instead of widening the page", () => {
    const word = "A".repeat(500);
    const text = show(word);
    expect(text.textContent).toBe(word);
    expect(text).toHaveClass("wrap-anywhere");
    expect(text).toHaveClass("whitespace-pre-wrap");
  });

  it("escapes the quote and angle brackets of a link's target", () => {
    show('https://ex.am/"><script>x</script>');
    const link = screen.getByRole("link");
    expect(link.getAttribute("href")).not.toMatch(/["<>]/);
    expect(link.getAttribute("href")).toMatch(/^https:\/\/ex\.am\//);
  });
});
