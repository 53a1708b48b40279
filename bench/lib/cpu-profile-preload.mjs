// Preloaded into the app's processes (NODE_OPTIONS=--import, where --cpu-prof
// is not allowed) by `npm run bench -- --profile`. SIGUSR2 starts the V8
// profiler, so set-up work (sign-ins) can stay out of the profile; at exit the
// profile goes to BENCH_PROFILE_DIR/<process>-<pid>.cpuprofile.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import path from "node:path";

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  const session = new Session();
  let started = false;
  process.on("SIGUSR2", () => {
    if (started) return;
    started = true;
    session.connect();
    session.post("Profiler.enable");
    session.post("Profiler.start");
  });
  process.once("exit", () => {
    if (!started) return;
    // A same-thread inspector session answers synchronously, so this runs before the exit completes.
    session.post("Profiler.stop", (error, result) => {
      if (error || !result) return;
      // next start renames itself "next-server (vX)"; the launcher and the realtime server are named by their script.
      const title = process.title && process.title !== "node" ? process.title : path.basename(process.argv[1] ?? "node");
      const name = `${title.replace(/[^\w.-]+/g, "_")}-${process.pid}.cpuprofile`;
      writeFileSync(path.join(dir, name), JSON.stringify(result.profile));
    });
  });
}
