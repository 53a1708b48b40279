import { describe, expect, it } from "vitest";

import { typingLabel } from "./typing";

describe("typingLabel", () => {
  it("names one or two typists and counts three or more", () => {
    expect(typingLabel([])).toBe("");
    expect(typingLabel(["Ana"])).toBe("Ana is typing…");
    expect(typingLabel(["Ana", "Ben"])).toBe("Ana and Ben are typing…");
    expect(typingLabel(["Ana", "Ben", "Cy"])).toBe("3 people are typing…");
  });
});
