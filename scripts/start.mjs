// `npm start`: build the app if the build is missing or older than the sources, then serve it.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === ".generated" || entry.name.startsWith(".data")) continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const built = "build/server/index.js";
const stale =
  !existsSync(built) ||
  statSync(built).mtimeMs < Math.max(newestMtime("app"), newestMtime("connectors"), newestMtime("sandbox"), newestMtime("scripts/generate"), statSync("vite.config.ts").mtimeMs);
if (stale) {
  console.log("Building Assetline…");
  const r = spawnSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "vite:build"], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
process.env.NODE_ENV ??= "production";
await import("../server.mjs");
