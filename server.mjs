// Production server for the built app (`npm start` builds first). We own the listener so the host comes
// from the validated config (demo mode binds loopback only) and uploads stream straight to the app.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import express from "express";
import compression from "compression";
import { createRequestHandler } from "@remix-run/express";

const build = await import("./build/server/index.js");
let address;
try {
  address = await build.entry.module.boot();
} catch (err) {
  console.error(`\nAssetline did not start: ${err.message}\n`);
  process.exit(1);
}

const app = express();
app.disable("x-powered-by");
// Every request gets an id (the caller's X-Request-Id when sane): answered in the header and written
// on each audit event it causes. The store is shared with the bundle through a global symbol.
const requests = (globalThis[Symbol.for("assetline.request-context")] ??= new AsyncLocalStorage());
app.use((req, res, next) => {
  const given = req.get("x-request-id");
  const requestId = given && /^[A-Za-z0-9._:-]{8,128}$/.test(given) ? given : randomUUID();
  res.setHeader("X-Request-Id", requestId);
  requests.run({ requestId }, next);
});
app.use(compression({ filter: (req, res) => !req.path.startsWith("/media/") && compression.filter(req, res) }));
app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
app.use(express.static("build/client", { maxAge: "1h" }));
// The peer address, for per-IP limits on share-link password guesses (behind a proxy, configure it there).
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV, getLoadContext: (req) => ({ clientIp: req.socket.remoteAddress ?? "unknown" }) }));

const server = app.listen(address.port, address.host, () => {
  const url = `http://${address.host === "127.0.0.1" ? "localhost" : address.host}:${server.address().port}`;
  console.log(`Assetline (${address.mode} mode) is running at ${url}`);
});
const stop = async () => {
  server.close();
  await build.entry.module.shutdown?.();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
