import { readStoredFile } from "@/server/files/file-service";
import { fileIdOf, fileResponse } from "@/server/files/serve";
import { route } from "@/server/http";

/** An image's thumbnail (WebP, at most 320 px), to signed-in team members only. */
export const GET = route({ auth: "session", rateLimit: { user: "files" } }, async ({ request }) => {
  const { meta, object } = await readStoredFile(fileIdOf(request), "thumb");
  return fileResponse(request, meta, object, "thumb");
});
