import { route } from "@/server/http";
import { appPrometheus } from "@/server/monitor/app-metrics";

export const dynamic = "force-dynamic";

/** Admin token: this web process's own metrics in Prometheus text (the realtime server has its own `/metrics`). */
export const GET = route({ auth: "admin" }, async () => {
  const { contentType, body } = await appPrometheus();
  return new Response(body, { headers: { "content-type": contentType, "cache-control": "no-store" } });
});
