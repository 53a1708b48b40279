import { deleteUpload, readStoredFile } from "@/server/files/file-service";
import { fileIdOf, fileResponse } from "@/server/files/serve";
import { route } from "@/server/http";

/** A stored file, to signed-in team members only, with headers that keep it inert (see serve.ts). */
export const GET = route({ auth: "session", rateLimit: { user: "files" } }, async ({ request }) => {
  const { meta, object } = await readStoredFile(fileIdOf(request), "file");
  return fileResponse(request, meta, object, "file");
});

/** The uploader removes a file no message carries yet (the composer's remove). 204. */
export const DELETE = route({ auth: "session", rateLimit: { user: "uploads" } }, async ({ request, user }) => {
  await deleteUpload(user, fileIdOf(request));
  return new Response(null, { status: 204 });
});
