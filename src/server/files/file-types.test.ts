import { describe, expect, it } from "vitest";

import { jpegWithGps, mov, mp4, office, pdf, png, webm, zip } from "../../../tests/support/file-fixtures";
import { UnsupportedFileTypeError } from "./file-errors";
import { detectType, fileNameFor } from "./file-types";

describe("detectType (from the bytes)", () => {
  it("knows photos, PDFs and videos by their signatures", async () => {
    expect(await detectType(await png())).toBe("image/png");
    expect(await detectType(await jpegWithGps())).toBe("image/jpeg");
    expect(await detectType(pdf())).toBe("application/pdf");
    expect(await detectType(mp4())).toBe("video/mp4");
    expect(await detectType(mov())).toBe("video/quicktime");
    expect(await detectType(webm())).toBe("video/webm");
  });

  it("tells Word, Excel and PowerPoint files apart inside their zip containers", async () => {
    expect(await detectType(office("docx"))).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(await detectType(office("xlsx"))).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(await detectType(office("pptx"))).toBe("application/vnd.openxmlformats-officedocument.presentationml.presentation");
  });

  it("refuses a plain zip, a script, HTML and SVG whatever they are called", async () => {
    for (const bytes of [
      zip({ "run.sh": "rm -rf /" }),
      Buffer.from("#!/bin/sh\necho pwned\n"),
      Buffer.from("<html><script>alert(document.cookie)</script></html>"),
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      Buffer.from("MZ\x90\x00\x03"),
    ]) {
      await expect(detectType(bytes)).rejects.toBeInstanceOf(UnsupportedFileTypeError);
    }
  });
});

describe("fileNameFor", () => {
  it("keeps a name that agrees with the bytes", () => {
    expect(fileNameFor("Week 3 plan.PDF", "application/pdf")).toBe("Week 3 plan.PDF");
    expect(fileNameFor("IMG_0042.jpeg", "image/jpeg")).toBe("IMG_0042.jpeg");
  });

  it("refuses a PNG called .pdf and a PDF called .docx (415, saying what the file is)", () => {
    expect(() => fileNameFor("plan.pdf", "image/png")).toThrow(/This file is a PNG image, but its name ends in \.pdf/);
    expect(() => fileNameFor("plan.docx", "application/pdf")).toThrowError(UnsupportedFileTypeError);
  });

  it("adds the detected extension to a name without one", () => {
    expect(fileNameFor("scan", "application/pdf")).toBe("scan.pdf");
    expect(fileNameFor("...", "image/png")).toBe("file.png");
  });

  it("drops path parts, control and bidi characters, and shortens long names keeping the extension", () => {
    expect(fileNameFor("../../etc/passwd.pdf", "application/pdf")).toBe("passwd.pdf");
    expect(fileNameFor("C:\\Users\\me\\a\u202Egnp.pdf", "application/pdf")).toBe("agnp.pdf");
    expect(fileNameFor('we"ird<name>\u0007.pdf', "application/pdf")).toBe("weirdname.pdf");
    const long = fileNameFor(`${"a".repeat(300)}.pdf`, "application/pdf");
    expect(long).toBe(`${"a".repeat(96)}.pdf`);
    const wide = fileNameFor(`${"🏋".repeat(300)}.pdf`, "application/pdf");
    expect(wide).toBe(`${"🏋".repeat(24)}.pdf`);
    expect(Buffer.byteLength(wide)).toBeLessThanOrEqual(100);
  });
});
