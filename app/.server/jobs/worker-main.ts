// `npm run worker`: a job-only process for scale-out (PostgreSQL). On PGlite it runs only when no app
// holds .data/ (the embedded database allows one process).
import { getConfig } from "../config";
import { createServices } from "../context";

const config = getConfig();
const services = await createServices(config, { worker: true, seedDemo: false }).catch((err: Error) => {
  console.error(`worker did not start: ${err.message}`);
  process.exit(1);
});
console.log(`[worker] running ${config.worker.concurrency} job slots on ${config.database.kind}`);
const stop = async () => {
  console.log("[worker] stopping (finishing running jobs)…");
  await services.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
