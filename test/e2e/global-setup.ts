// Starts the real app for the browser tests: `node scripts/start.mjs` (which rebuilds when app/ changed)
// in demo mode, on a free port (PORT=0), with a fresh temporary data dir that is seeded on first start.
// The URL comes from the server's own start-up line; teardown stops the server and removes the dir.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    dataDir: string;
  }
}

const START_TIMEOUT_MS = 90_000;
const READY = /Assetline \(demo mode\) is running at (http:\/\/\S+)/;

export default async function setup(project: TestProject) {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "assetline-e2e-"));
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env))
    if (/^(SHOPIFY_|VITEST|S3_)/.test(k) || ["DATABASE_URL", "NODE_ENV", "HOST", "BLOB_STORE", "TEST_DATABASE_URL"].includes(k))
      delete env[k];
  // The model-based taggers (OCR, people/objects, safety) have their own tests; here they would only
  // compete with Chromium for the two cores while the demo's seeded images are analysed.
  Object.assign(env, { ASSETLINE_MODE: "demo", ASSETLINE_DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ANALYSERS: "colour,background,shape" });

  const child = spawn(process.execPath, ["scripts/start.mjs"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  // The server's output goes to test-results/e2e/server.log for post-mortems.
  await mkdir(path.join(root, "test-results/e2e"), { recursive: true });
  const log = createWriteStream(path.join(root, "test-results/e2e/server.log"));
  let output = "";
  const keep = (chunk: Buffer) => {
    log.write(chunk);
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);

  let baseUrl: string;
  try {
    baseUrl = await waitForReady(child, () => output);
  } catch (err) {
    await stop(child);
    log.end();
    await rm(dataDir, { recursive: true, force: true });
    throw new Error(`${(err as Error).message}\n--- server output ---\n${output}`);
  }
  project.provide("baseUrl", baseUrl);
  project.provide("dataDir", dataDir);

  return async () => {
    await stop(child);
    log.end();
    if (process.env.E2E_KEEP_DATA) console.log(`[e2e] data kept in ${dataDir}`);
    else await rm(dataDir, { recursive: true, force: true });
  };
}

function waitForReady(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`The app did not start within ${START_TIMEOUT_MS / 1000} s.`));
    }, START_TIMEOUT_MS);
    const onData = () => {
      const m = READY.exec(output());
      if (m) {
        cleanup();
        resolve(m[1]!);
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      cleanup();
      reject(new Error(`The app exited before it was ready (code ${code}, signal ${signal}).`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
    };
    child.stdout?.on("data", onData);
    child.on("exit", onExit);
  });
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  child.kill("SIGTERM");
  const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 10_000));
  if ((await Promise.race([exited, timeout])) === "timeout") {
    child.kill("SIGKILL");
    await exited;
  }
}
