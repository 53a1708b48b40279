import path from "node:path";

import { describe, expect, it } from "vitest";

import { resolveSettings } from "./settings";

const S3 = { S3_ENDPOINT: "http://127.0.0.1:9000/", S3_BUCKET: "coachpro-files", S3_ACCESS_KEY_ID: "key", S3_SECRET_ACCESS_KEY: "secret" };

describe("upload settings", () => {
  it("keep files on disk under ./data/uploads, 10 MB each, with zero configuration", () => {
    expect(resolveSettings({}).uploads).toEqual({ maxBytes: 10 * 1024 * 1024, storage: { kind: "disk", dir: path.resolve("data", "uploads") } });
    expect(resolveSettings({ DATA_DIR: "/srv/coachpro", UPLOAD_MAX_BYTES: "2048" }).uploads).toEqual({ maxBytes: 2048, storage: { kind: "disk", dir: "/srv/coachpro/uploads" } });
  });

  it("name a bad UPLOAD_MAX_BYTES", () => {
    expect(() => resolveSettings({ UPLOAD_MAX_BYTES: "10MB" })).toThrow(/^Invalid setting UPLOAD_MAX_BYTES: expected a number of bytes/);
    expect(() => resolveSettings({ UPLOAD_MAX_BYTES: "12" })).toThrow(/UPLOAD_MAX_BYTES: expected at least 1024 bytes/);
  });

  it("switch to an S3-compatible bucket with S3_BUCKET, which then needs the endpoint and both keys", () => {
    expect(resolveSettings(S3).uploads.storage).toEqual({ kind: "s3", endpoint: "http://127.0.0.1:9000", bucket: "coachpro-files", accessKeyId: "key", secretAccessKey: "secret", region: "us-east-1" });
    expect(() => resolveSettings({ ...S3, S3_SECRET_ACCESS_KEY: "" })).toThrow(/^Invalid setting S3_SECRET_ACCESS_KEY: required when S3_BUCKET is set$/);
    expect(() => resolveSettings({ ...S3, S3_ENDPOINT: "ftp://x" })).toThrow(/S3_ENDPOINT: expected an http:\/\/ or https:\/\/ URL/);
    expect(() => resolveSettings({ ...S3, S3_BUCKET: "Bad_Bucket" })).toThrow(/S3_BUCKET/);
    expect(resolveSettings({ ...S3, S3_REGION: "auto" }).uploads.storage).toMatchObject({ region: "auto" });
  });
});
