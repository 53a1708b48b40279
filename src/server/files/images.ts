import "server-only";

import sharp, { type Sharp } from "sharp";

import { THUMB_SIZE, type AcceptedMime } from "@/lib/attachments";

import { UnreadableFileError } from "./file-errors";

/** A decoded image may have at most this many pixels (a decompression bomb stops here). */
const MAX_INPUT_PIXELS = 40_000_000;
const TIMEOUT_SECONDS = 20;

export interface ProcessedImage {
  bytes: Uint8Array;
  width: number;
  height: number;
  thumb: Uint8Array;
}

/**
 * Re-encodes an uploaded image in its own format: the pixels only, so EXIF
 * (GPS location, camera, times), XMP, IPTC and comments are gone; the EXIF
 * orientation is applied to the pixels first, so the photo still stands the
 * right way up. Animated GIF and WebP keep their frames. Also makes a WebP
 * thumbnail that fits in THUMB_SIZE × THUMB_SIZE. 422 when it cannot be read.
 */
export async function processImage(input: Uint8Array, type: AcceptedMime): Promise<ProcessedImage> {
  try {
    const options = { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error" as const };
    const { pages = 1 } = await sharp(input, options).metadata();
    const animated = pages > 1;
    let pipeline = sharp(input, { ...options, animated }).timeout({ seconds: TIMEOUT_SECONDS });
    if (!animated) pipeline = pipeline.rotate();
    pipeline = encode(pipeline, type);
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
    const thumb = await sharp(data, options)
      .timeout({ seconds: TIMEOUT_SECONDS })
      .resize(THUMB_SIZE, THUMB_SIZE, { fit: "inside", withoutEnlargement: true })
      .webp({ quality: 72 })
      .toBuffer();
    return { bytes: new Uint8Array(data), width: info.width, height: info.pageHeight ?? info.height, thumb: new Uint8Array(thumb) };
  } catch (error) {
    console.warn(`coachpro: image upload not readable: ${(error as Error).message}`);
    throw new UnreadableFileError("This image could not be read; it may be damaged. Try another photo.");
  }
}

function encode(pipeline: Sharp, type: AcceptedMime): Sharp {
  switch (type) {
    case "image/jpeg":
      return pipeline.jpeg({ quality: 85 });
    case "image/png":
      return pipeline.png();
    case "image/webp":
      return pipeline.webp({ quality: 85 });
    case "image/gif":
      return pipeline.gif();
    default:
      throw new Error(`not an image type: ${type}`);
  }
}

export function isImageType(type: string): boolean {
  return type === "image/jpeg" || type === "image/png" || type === "image/webp" || type === "image/gif";
}
