/**
 * Classic-zod schemas of chat attachments (server and shared schemas only;
 * the browser checks events with zod/mini in client-schemas.ts).
 */
import { z } from "zod";

import { FILE_ID_PATTERN, MAX_ATTACHMENTS, MAX_FILE_NAME_CHARACTERS, MAX_UPLOAD_INDEX } from "./attachments";

export const fileIdSchema = z.string().regex(FILE_ID_PATTERN, "Not a file id.");

/** What a message holds about one file (and what POST /api/files answers). */
export const attachmentSchema = z.object({
  id: fileIdSchema,
  name: z.string().min(1).max(MAX_FILE_NAME_CHARACTERS + 10),
  type: z.string().max(100),
  size: z.number().int().min(1),
  width: z.number().int().min(1).optional(),
  height: z.number().int().min(1).optional(),
  url: z.string().regex(/^\/api\/files\/[A-Za-z0-9_-]{22}$/),
  thumbUrl: z.string().regex(/^\/api\/files\/[A-Za-z0-9_-]{22}\/thumb$/).optional(),
});

export const attachmentListSchema = z.array(attachmentSchema).max(MAX_ATTACHMENTS);

/** POST /api/files?clientMessageId=&index=&name= (the body is the file's bytes). */
export const uploadQuerySchema = z.strictObject({
  clientMessageId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "clientMessageId must be 8–64 letters, digits, _ or -."),
  index: z.coerce.number({ error: "index must be a number." }).int().min(0).max(MAX_UPLOAD_INDEX, `index is at most ${MAX_UPLOAD_INDEX}.`),
  name: z.string().trim().min(1, "Give the file a name.").max(1000, "The file name is too long."),
});
export type UploadQuery = z.infer<typeof uploadQuerySchema>;

/** The file ids a message post may name. */
export const attachmentIdsSchema = z
  .array(fileIdSchema)
  .max(MAX_ATTACHMENTS, `At most ${MAX_ATTACHMENTS} files per message.`)
  .refine((ids) => new Set(ids).size === ids.length, "The same file twice.");
