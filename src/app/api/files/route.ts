import { NextResponse } from "next/server";

import { uploadQuerySchema } from "@/lib/attachment-schemas";
import { MAX_ATTACHMENTS } from "@/lib/attachments";
import { storeUpload } from "@/server/files/file-service";
import { readUploadBody } from "@/server/files/upload-body";
import { route } from "@/server/http";
import { getSettings } from "@/server/settings";

/**
 * Uploads one file of a message being written: the body is the file's bytes,
 * `?clientMessageId=&index=&name=` say which. 201 `{ attachment }`; a retry
 * of the same upload answers 200 with what was stored (nothing stored twice).
 */
export const POST = route({ auth: "session", rateLimit: { user: "uploads" }, query: uploadQuerySchema }, async ({ request, user, query }) => {
  const { attachment, created } = await storeUpload(user, query, () => readUploadBody(request, getSettings().uploads.maxBytes));
  if (!created) await request.body?.cancel().catch(() => undefined);
  return NextResponse.json({ attachment }, { status: created ? 201 : 200 });
});

/** The limits the composer checks before uploading (the server checks again): `{ maxBytes, maxFiles }`. */
export const GET = route({ auth: "session" }, () =>
  NextResponse.json({ maxBytes: getSettings().uploads.maxBytes, maxFiles: MAX_ATTACHMENTS }, { headers: { "Cache-Control": "private, max-age=300" } }),
);
