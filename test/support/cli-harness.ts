// Running `npx assetline …` (bin/assetline.mjs) in a child process against REST routes served by a tiny
// HTTP server in the test process: the CLI's real HTTP path, with the routes' loaders called directly.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** Serves `handle(request)` on a free loopback port; `close` stops it. */
export async function serveRoutes(handle: (request: Request, path: string) => Promise<Response>): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    // POSTs carry their body (merge, dismiss); GETs have none.
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks);
    const out = await handle(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, ...(body ? { body } : {}) }), req.url ?? "/");
    res.writeHead(out.status, { "content-type": "application/json" });
    res.end(await out.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** `npx assetline <args> --url <url> --key <key>`, with no key from the environment. */
export function runCli(args: string[], opts: { url: string; key: string }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ["bin/assetline.mjs", ...args, "--url", opts.url, "--key", opts.key], { env: { ...process.env, ASSETLINE_API_KEY: "" } });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    p.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
