/**
 * A small S3-compatible HTTP server for tests: path-style PUT/GET/DELETE of
 * objects kept in memory, refusing (403) any request whose SigV4
 * Authorization header is missing or does not match a signature recomputed
 * with the known keys, and (400) a payload whose SHA-256 differs from the
 * signed X-Amz-Content-Sha256.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { AwsV4Signer } from "aws4fetch";

export interface FakeS3 {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  objects: Map<string, { body: Buffer; type: string }>;
  /** Every request as received: method, path and Authorization header. */
  requests: { method: string; path: string; authorization: string | undefined }[];
  /** Makes the next requests answer this status (e.g. 500), or undefined for normal service. */
  failWith(status: number | undefined): void;
  close(): Promise<void>;
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startFakeS3(options: { bucket?: string; region?: string } = {}): Promise<FakeS3> {
  const bucket = options.bucket ?? "coachpro-test";
  const region = options.region ?? "us-east-1";
  const accessKeyId = "AKIAFAKEFAKEFAKE";
  const secretAccessKey = "fake-secret-key-for-tests";
  const objects = new Map<string, { body: Buffer; type: string }>();
  const requests: FakeS3["requests"] = [];
  let failure: number | undefined;

  const server: Server = createServer(async (request, response) => {
    const body = await bodyOf(request);
    const url = new URL(request.url ?? "/", `http://${request.headers.host}`);
    const authorization = request.headers.authorization;
    requests.push({ method: request.method ?? "", path: url.pathname, authorization });
    if (failure) return void response.writeHead(failure).end("<Error><Code>InternalError</Code></Error>");

    const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== "authorization" && name !== "connection").map(([name, value]) => [name, String(value)]));
    const datetime = request.headers["x-amz-date"];
    if (!authorization?.startsWith("AWS4-HMAC-SHA256 ") || typeof datetime !== "string") return void response.writeHead(403).end("missing signature");
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(";") ?? [];
    const expected = await new AwsV4Signer({
      method: request.method,
      url: url.toString(),
      headers: Object.fromEntries(signedHeaders.map((name) => [name, headers[name] ?? ""])),
      accessKeyId,
      secretAccessKey,
      region,
      service: "s3",
      datetime,
    }).authHeader();
    if (expected !== authorization) return void response.writeHead(403).end("SignatureDoesNotMatch");
    const payloadHash = request.headers["x-amz-content-sha256"];
    if (payloadHash !== "UNSIGNED-PAYLOAD" && payloadHash !== createHash("sha256").update(body).digest("hex")) {
      return void response.writeHead(400).end("XAmzContentSHA256Mismatch");
    }

    const [, bucketName, ...rest] = url.pathname.split("/");
    const key = rest.join("/");
    if (bucketName !== bucket || !key) return void response.writeHead(404).end("NoSuchBucket");
    if (request.method === "PUT") {
      objects.set(key, { body, type: String(request.headers["content-type"] ?? "application/octet-stream") });
      return void response.writeHead(200, { ETag: '"etag"' }).end();
    }
    if (request.method === "GET") {
      const found = objects.get(key);
      if (!found) return void response.writeHead(404).end("NoSuchKey");
      return void response.writeHead(200, { "Content-Type": found.type, "Content-Length": String(found.body.length) }).end(found.body);
    }
    if (request.method === "DELETE") {
      objects.delete(key);
      return void response.writeHead(204).end();
    }
    response.writeHead(405).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    accessKeyId,
    secretAccessKey,
    region,
    objects,
    requests,
    failWith: (status) => {
      failure = status;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
