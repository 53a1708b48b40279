import sharp from "sharp";
import { describe, expect, it } from "vitest";

import { hasGpsTag, jpegWithGps, png } from "../../../tests/support/file-fixtures";
import { UnreadableFileError } from "./file-errors";
import { processImage } from "./images";

describe("processImage", () => {
  it("strips EXIF (GPS, camera) from a phone photo and applies its orientation to the pixels", async () => {
    const photo = await jpegWithGps(80, 40);
    const before = await sharp(photo).metadata();
    expect(hasGpsTag(before.exif)).toBe(true);
    expect(before.orientation).toBe(6);

    const { bytes, width, height } = await processImage(photo, "image/jpeg");
    const after = await sharp(bytes).metadata();
    expect(after.format).toBe("jpeg");
    expect(after.exif).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    expect(Buffer.from(bytes).includes(Buffer.from("CoachProTestCam"))).toBe(false);
    // Stored sideways (80 × 40) with orientation 6: upright it is 40 wide and 80 high.
    expect([after.width, after.height]).toEqual([40, 80]);
    expect([width, height]).toEqual([40, 80]);
  });

  it("makes a WebP thumbnail that fits in 320 × 320 and never enlarges", async () => {
    const big = await processImage(await png(1600, 900), "image/png");
    const thumb = await sharp(big.thumb).metadata();
    expect([thumb.format, thumb.width, thumb.height]).toEqual(["webp", 320, 180]);
    const small = await processImage(await png(64, 48), "image/png");
    expect(await sharp(small.thumb).metadata()).toMatchObject({ width: 64, height: 48 });
  });

  it("keeps the frames of an animated GIF", async () => {
    const frame = (colour: string) => sharp({ create: { width: 20, height: 30, channels: 4, background: colour } }).png().toBuffer();
    const gif = await sharp(await Promise.all(["#f00", "#0f0", "#00f"].map(frame)), { join: { animated: true } }).gif().toBuffer();
    const { bytes, width, height, thumb } = await processImage(gif, "image/gif");
    expect(await sharp(bytes).metadata()).toMatchObject({ format: "gif", pages: 3 });
    expect([width, height]).toEqual([20, 30]);
    expect(await sharp(thumb).metadata()).toMatchObject({ format: "webp", width: 20, height: 30 });
  });

  it("refuses an image that cannot be decoded (422)", async () => {
    const broken = Buffer.concat([(await png()).subarray(0, 40), Buffer.alloc(40)]);
    await expect(processImage(broken, "image/png")).rejects.toBeInstanceOf(UnreadableFileError);
  });
});
