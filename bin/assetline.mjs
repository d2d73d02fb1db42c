#!/usr/bin/env node
// Assetline CLI (DESIGN §10): talks to the REST API. Settings: --url / ASSETLINE_URL, --key /
// ASSETLINE_API_KEY; both default to the local demo (http://localhost:3000 and .data/demo-api-key).
import { createHash } from "node:crypto";
import { createReadStream, openAsBlob } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";

const HELP = `Usage: npx assetline <command> [options]

Commands:
  import <dir>        Upload every file under <dir> (recursively). Files whose content is already
                      in the library are skipped, so an interrupted import can simply be run again.
  info <asset-id>     Show an asset with its versions.
  search "<query>"    Search the library as the search box reads it: words (English or Chinese), and
                      filters in the text (blue, white background, amazon, approved, last week, 主图, …).
                      Prints title, type, state, markets and tags, and the filters it understood.
                      [--limit <n>] (default 20) [--sort <relevance|newest|most_used>] [--cursor <c>] [--json]
  similar <asset-id>  Near-duplicates (pHash) and images of similar colours, within your markets:
                      distance, score and why each matched. [--limit <n>] (default 20, at most 100) [--json]
  duplicates          Groups of near-duplicate images (resized/recompressed copies, same bytes) within
                      your markets, largest first, each with the asset we suggest keeping.
                      [--limit <n>] (groups, default 20, at most 50) [--cursor <c>] [--json]
  merge <keep-id> <asset-id>...
                      Merge the assets into the first one: their versions (renumbered after its own),
                      tags, collections and placements move to it; they are archived and marked merged
                      (never deleted). --dry-run prints what would happen and changes nothing. [--json]
  collections         List the collections with how many assets each holds.
  channels            List the linked channel accounts (Shopify, Amazon, TikTok Shop).
  listings            List imported listings: --channel <shopify|amazon|tiktok>  --q <title or SKU>
  check <file>        Check a local image as a channel's main image, without uploading it:
                      --channel <amazon|tiktok|shopify|tmall|jd|shopee|instagram>  [--json]
                      exit 1 when a blocking rule fails, 0 otherwise, 2 on bad input
  render <file>       Make a channel rendition of a local image: --preset <id> -o <out>
  place <asset-id>    Place an asset in a slot of listings and publish it there:
                      --listing <listing-id> (repeat for more)  --slot <main|pos2|…>
                      [--pin <version-number>] (default: follow the latest approved version)
  placements          List placements: [--asset <id>] [--listing <id>] [--state <pending|live|failed|…>]
  unplace <placement-id>
                      Take the asset off that listing (the next publish removes it).
  rollback <asset-id> --to <version-number>   Pin every placement of the asset to that approved version.
  rollback <asset-id> --latest                Let them follow the latest approved version again.
  analyse [<asset-id>...]
                      Queue auto-tagging again: these assets, or every image you can edit (a backfill).
                      [--force] (re-run analysers whose result is current too) [--analyser <id>] (repeat:
                      colour, background, shape, ocr, …) [--all-versions] (not only each latest version)
  sync status         Running syncs with their progress, placements per state, and what needs attention.
  sync now            Publish again: [--asset <id>] [--listing <id>] [--failed] (only failed/blocked ones)
  share <asset-or-collection>...
                      Create a share link and print its URL: for these assets, or for a collection (by
                      id or name; the link follows what the collection holds).
                      --name <text>  --expires <7d|24h>  --password <text>  --download (default: preview only)

Options:
  --url <url>         Assetline base URL (ASSETLINE_URL; default http://localhost:3000)
  --key <key>         API key (ASSETLINE_API_KEY; default: the demo key in .data/demo-api-key)
  --concurrency <n>   Parallel uploads for import (default 3)
  --json              Machine-readable output
  -h, --help          Show this help`;

class CliError extends Error {}

async function main(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: "string" },
      key: { type: "string" },
      concurrency: { type: "string", default: "3" },
      json: { type: "boolean", default: false },
      name: { type: "string" },
      expires: { type: "string" },
      password: { type: "string" },
      download: { type: "boolean", default: false },
      "preview-only": { type: "boolean", default: false },
      channel: { type: "string" },
      q: { type: "string" },
      preset: { type: "string" },
      out: { type: "string", short: "o" },
      listing: { type: "string", multiple: true },
      asset: { type: "string" },
      slot: { type: "string" },
      pin: { type: "string" },
      state: { type: "string" },
      to: { type: "string" },
      latest: { type: "boolean", default: false },
      failed: { type: "boolean", default: false },
      force: { type: "boolean", default: false },
      analyser: { type: "string", multiple: true },
      "all-versions": { type: "boolean", default: false },
      "dry-run": { type: "boolean", default: false },
      limit: { type: "string" },
      sort: { type: "string" },
      cursor: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const [command, arg] = positionals;
  if (values.help || !command) {
    console.log(HELP);
    return command || values.help ? 0 : 2;
  }
  // check and render run pure image code on a local file: no server, no key.
  if (command === "check" || command === "render") {
    const { tsImport } = await import("tsx/esm/api");
    const cli = await tsImport("../app/.server/renditions/cli.ts", import.meta.url);
    const r = command === "check" ? await cli.runCheck(arg, values.channel, values.json) : await cli.runRender(arg, values.preset, values.out);
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr ? `assetline: ${r.stderr}\n` : "");
    return r.code;
  }
  const api = await client(values);
  if (command === "import") {
    if (!arg) throw new CliError("import needs a directory: npx assetline import ./photos");
    return importDir(api, arg, { concurrency: Math.max(1, Number(values.concurrency) || 3), json: values.json });
  }
  if (command === "info") {
    if (!arg) throw new CliError("info needs an asset id: npx assetline info <asset-id>");
    return info(api, arg, values.json);
  }
  if (command === "search") return search(api, positionals.slice(1).join(" "), values);
  if (command === "similar") {
    if (!arg) throw new CliError("similar needs an asset id: npx assetline similar <asset-id>");
    return similar(api, arg, values);
  }
  if (command === "duplicates") return duplicates(api, values);
  if (command === "merge") {
    const ids = positionals.slice(1);
    if (ids.length < 2) throw new CliError("merge needs the asset to keep and at least one to merge into it: npx assetline merge <keep-id> <asset-id>... [--dry-run]");
    return merge(api, ids[0], ids.slice(1), values);
  }
  if (command === "collections") return collections(api, values.json);
  if (command === "channels") return channels(api, values.json);
  if (command === "listings") return listings(api, values);
  if (command === "share") {
    const ids = positionals.slice(1);
    if (!ids.length) throw new CliError("share needs asset ids or a collection: npx assetline share <asset-or-collection> --expires 7d");
    return share(api, ids, values);
  }
  if (command === "place") {
    if (!arg) throw new CliError("place needs an asset id: npx assetline place <asset-id> --listing <id> --slot main");
    return place(api, arg, values);
  }
  if (command === "placements") return placements(api, values);
  if (command === "unplace") {
    if (!arg) throw new CliError("unplace needs a placement id: npx assetline unplace <placement-id>");
    return unplace(api, arg);
  }
  if (command === "rollback") {
    if (!arg) throw new CliError("rollback needs an asset id: npx assetline rollback <asset-id> --to 2");
    return rollback(api, arg, values);
  }
  if (command === "analyse" || command === "analyze") return analyse(api, positionals.slice(1), values);
  if (command === "sync") {
    if (arg === "status") return syncStatus(api, values.json);
    if (arg === "now") return syncNow(api, values);
    throw new CliError("sync takes status or now: npx assetline sync status");
  }
  throw new CliError(`Unknown command “${command}”. Run npx assetline --help.`);
}

async function client(values) {
  const base = (values.url ?? process.env.ASSETLINE_URL ?? "http://localhost:3000").replace(/\/+$/, "");
  let key = values.key ?? process.env.ASSETLINE_API_KEY;
  if (!key) {
    const dataDir = process.env.ASSETLINE_DATA_DIR ?? ".data";
    key = (await readFile(path.join(dataDir, "demo-api-key"), "utf8").catch(() => "")).trim();
    if (!key) throw new CliError("No API key: pass --key or set ASSETLINE_API_KEY (create one in Settings → API keys).");
  }
  return async function request(pathname, init = {}) {
    let res;
    try {
      res = await fetch(`${base}/api/v1${pathname}`, { ...init, headers: { Authorization: `Bearer ${key}`, ...(init.headers ?? {}) } });
    } catch (err) {
      throw new CliError(`Cannot reach Assetline at ${base} (${err.cause?.code ?? err.message}). Is it running (npm start)?`);
    }
    const body = await res.json().catch(() => ({}));
    return { status: res.status, body };
  };
}

async function listFiles(dir) {
  const out = [];
  async function walk(d) {
    const entries = await readdir(d, { withFileTypes: true }).catch((e) => {
      throw new CliError(`Cannot read ${d}: ${e.code}`);
    });
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.startsWith(".")) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.push(p);
    }
  }
  await walk(dir);
  return out;
}

function sha256File(file) {
  return new Promise((resolve, reject) => {
    const h = createHash("sha256");
    createReadStream(file).on("data", (c) => h.update(c)).on("error", reject).on("end", () => resolve(h.digest("hex")));
  });
}

function progress(total, json) {
  const tty = process.stderr.isTTY && !json;
  let done = 0;
  const counts = { uploaded: 0, skipped: 0, duplicate: 0, failed: 0 };
  const draw = (label) => {
    if (!tty) return;
    const width = 28;
    const filled = Math.round((done / Math.max(total, 1)) * width);
    const line = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}  ${label}`.slice(0, process.stderr.columns - 1 || 100);
    process.stderr.write(`\r\x1b[K${line}`);
  };
  return {
    counts,
    step(kind, file, message) {
      done++;
      counts[kind]++;
      if (json) console.log(JSON.stringify({ file, result: kind, ...(message ? { message } : {}) }));
      else if (!tty || kind === "failed") {
        if (tty) process.stderr.write("\r\x1b[K");
        console.log(`${kind.padEnd(9)} ${file}${message ? ` — ${message}` : ""}`);
      }
      draw(path.basename(file));
    },
    end() {
      if (tty) process.stderr.write("\r\x1b[K");
    },
  };
}

async function importDir(api, dir, { concurrency, json }) {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new CliError(`${dir} is not a directory.`);
  const files = await listFiles(dir);
  if (!files.length) throw new CliError(`No files in ${dir}.`);
  const bar = progress(files.length, json);

  // Resume: hash locally, ask the library which contents it already has (100 at a time), skip those.
  const hashes = new Map();
  for (const f of files) hashes.set(f, await sha256File(f));
  const known = new Set();
  const all = [...new Set(hashes.values())];
  for (let i = 0; i < all.length; i += 100) {
    const res = await api(`/assets?limit=1&sha256=${all.slice(i, i + 100).join(",")}`);
    if (res.status !== 200) throw new CliError(`The server refused the lookup: ${res.body.message ?? res.status}`);
    for (const h of res.body.known ?? []) known.add(h);
  }

  const queue = [...files];
  async function worker() {
    for (let f = queue.shift(); f; f = queue.shift()) {
      if (known.has(hashes.get(f))) {
        bar.step("skipped", f, "already in the library");
        continue;
      }
      const fd = new FormData();
      // The folder it came from, the imported folder's own name first ("Spring 2026/Amazon"): the
      // server tags by folder. Sent before the file, so the server has it when the bytes arrive.
      const folder = path.relative(path.dirname(path.resolve(dir)), path.dirname(path.resolve(f))).split(path.sep).join("/");
      if (folder) fd.append("folder", folder);
      fd.append("file", await openAsBlob(f), path.basename(f));
      const res = await api("/assets", { method: "POST", body: fd });
      if (res.status === 201) bar.step("uploaded", f);
      else if (res.status === 200 && res.body.duplicateOf) bar.step("duplicate", f, `same as “${res.body.duplicateOf.title}”`);
      else bar.step("failed", f, res.body.message ?? `HTTP ${res.status}`);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  bar.end();
  const c = bar.counts;
  const summary = `${c.uploaded} uploaded, ${c.skipped + c.duplicate} already in the library, ${c.failed} failed`;
  if (json) console.log(JSON.stringify({ summary: c }));
  else console.log(summary);
  return c.failed ? 1 : 0;
}

async function info(api, id, json) {
  const res = await api(`/assets/${encodeURIComponent(id)}`);
  if (res.status !== 200) throw new CliError(res.body.message ?? `HTTP ${res.status}`);
  const a = res.body;
  if (json) {
    console.log(JSON.stringify(a, null, 2));
    return 0;
  }
  console.log(`${a.title}  (${a.kind}, ${a.id})`);
  if (a.description) console.log(a.description);
  console.log(`tags: ${a.tags.map((t) => t.label).join(", ") || "—"}   markets: ${a.markets.join(", ") || "—"}`);
  console.log(`versions (live: ${a.versions.find((v) => v.id === a.liveVersionId)?.number ?? "none"}):`);
  for (const v of a.versions) {
    const dims = v.width ? `${v.width}×${v.height}` : "";
    console.log(`  v${v.number}  ${v.state.padEnd(9)} ${v.processing.padEnd(7)} ${dims.padEnd(11)} ${(v.bytes / 1024).toFixed(0).padStart(7)} KB  ${v.filename}`);
  }
  return 0;
}

function days(spec) {
  if (!spec) return undefined;
  const m = /^(\d+)\s*([dh])$/.exec(spec.trim());
  if (!m) throw new CliError(`--expires takes a duration like 7d or 48h, not “${spec}”.`);
  return Math.max(1, Math.ceil(Number(m[1]) / (m[2] === "h" ? 24 : 1)));
}

async function listCollections(api) {
  const res = await api("/collections");
  if (res.status !== 200) throw new CliError(res.body.message ?? `HTTP ${res.status}`);
  return res.body.items;
}

async function collections(api, json) {
  const items = await listCollections(api);
  if (json) console.log(JSON.stringify(items));
  else if (!items.length) console.log("No collections yet.");
  else for (const c of items) console.log(`${c.id}  ${String(c.assetCount).padStart(5)} assets  ${c.name}`);
  return 0;
}

async function channels(api, json) {
  const res = await api("/accounts");
  if (res.status !== 200) throw new CliError(res.body.message ?? `HTTP ${res.status}`);
  if (json) console.log(JSON.stringify(res.body.items));
  else if (!res.body.items.length) console.log("No channel accounts yet: connect them on the Channels page.");
  else
    for (const a of res.body.items)
      console.log(`${a.channel.padEnd(8)} ${a.name}  (${a.status}, ${a.listings} listings${a.lastImportError ? `, last import failed: ${a.lastImportError}` : ""})  ${a.id}`);
  return 0;
}

async function listings(api, values) {
  if (values.channel && !["shopify", "amazon", "tiktok"].includes(values.channel)) throw new CliError("--channel takes shopify, amazon or tiktok.");
  const query = new URLSearchParams({ limit: "200", ...(values.channel ? { channel: values.channel } : {}), ...(values.q ? { q: values.q } : {}) });
  const res = await api(`/listings?${query}`);
  if (res.status !== 200) throw new CliError(res.body.message ?? `HTTP ${res.status}`);
  if (values.json) console.log(JSON.stringify(res.body.items));
  else if (!res.body.items.length) console.log("No listings found.");
  else
    for (const l of res.body.items)
      console.log(`${l.channel.padEnd(8)} ${String(l.images.length).padStart(2)} images  ${l.title}${l.skus.length ? `  [${l.skus.join(", ")}]` : ""}`);
  return 0;
}

async function share(api, targets, values) {
  // One argument naming a collection (id or name) shares the collection; otherwise they are asset ids.
  const collection =
    targets.length === 1 ? (await listCollections(api)).find((c) => c.id === targets[0] || c.name.toLowerCase() === targets[0].toLowerCase()) : undefined;
  const body = {
    name: values.name ?? (collection ? collection.name : `Shared from the CLI (${new Date().toISOString().slice(0, 10)})`),
    ...(collection ? { collectionId: collection.id } : { assetIds: targets }),
    previewOnly: !values.download,
    ...(values.expires ? { expiresInDays: days(values.expires) } : {}),
    ...(values.password ? { password: values.password } : {}),
  };
  const res = await api("/shares", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new CliError(res.body.message ?? `HTTP ${res.status}`);
  if (values.json) console.log(JSON.stringify(res.body));
  else {
    console.log(res.body.url);
    console.error(`${collection ? `collection “${collection.name}”, ` : ""}${res.body.previewOnly ? "preview only" : "downloads allowed"}${res.body.expiresAt ? `, expires ${res.body.expiresAt.slice(0, 10)}` : ""}${res.body.password ? ", password protected" : ""}`);
  }
  return 0;
}

// ── Placements and sync (the sync engine) ─────────────────────────────────────────────────────────

const failure = (res) => new CliError(res.body.message ?? `HTTP ${res.status}`);
const postJson = (api, pathname, body) => api(pathname, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

/** A version number as the merchant sees it (v3 or 3) → a positive integer. */
function versionNumber(spec, flag) {
  const m = /^v?(\d+)$/i.exec(String(spec).trim());
  if (!m || Number(m[1]) < 1) throw new CliError(`${flag} takes a version number like 3, not “${spec}”.`);
  return Number(m[1]);
}

/** Terminal columns a string takes: CJK and full-width characters take two. */
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;
const displayWidth = (s) => [...s].reduce((n, c) => n + (WIDE.test(c) ? 2 : 1), 0);
const padCells = (s, width) => s + " ".repeat(Math.max(0, width - displayWidth(s)));

/** Left-aligned columns sized to their widest cell. */
function printTable(header, rows) {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(String(r[i])))));
  const line = (cells) => cells.map((c, i) => padCells(String(c), widths[i])).join("  ").trimEnd();
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}

const placementRow = (p) => [p.id, p.state, p.channel ?? "", p.slot, p.assetTitle ?? p.assetId, p.listingTitle ?? p.listingId, p.lastError ?? ""];
const PLACEMENT_HEADER = ["id", "state", "channel", "slot", "asset", "listing", "error"];

const clip = (s, n) => ([...s].length > n ? `${[...s].slice(0, n - 1).join("")}…` : s);

async function similar(api, assetId, values) {
  const limit = values.limit ?? "20";
  if (!/^\d+$/.test(limit) || Number(limit) < 1 || Number(limit) > 100) throw new CliError("--limit takes a number from 1 to 100.");
  const res = await api(`/assets/${encodeURIComponent(assetId)}/similar?${new URLSearchParams({ limit })}`);
  if (res.status !== 200) throw new CliError(res.body.message ?? `HTTP ${res.status}`);
  if (values.json) {
    console.log(JSON.stringify(res.body));
    return 0;
  }
  if (!res.body.items.length) {
    console.log("Nothing similar found.");
    return 0;
  }
  for (const i of res.body.items) {
    const why = i.reason === "near duplicate" ? `near duplicate, ${i.distance} bits apart` : `similar colours${i.colourDistance !== null ? ` (colour distance ${i.colourDistance.toFixed(2)})` : ""}`;
    console.log(`${i.score.toFixed(2)}  ${i.asset.title}  — ${why}  ${i.asset.id}`);
  }
  return 0;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function duplicates(api, values) {
  const limit = values.limit ?? "20";
  if (!/^\d+$/.test(limit) || Number(limit) < 1 || Number(limit) > 50) throw new CliError("--limit takes a number from 1 to 50.");
  const res = await api(`/duplicates?${new URLSearchParams({ limit, ...(values.cursor ? { cursor: values.cursor } : {}) })}`);
  if (res.status !== 200) throw new CliError(res.body.message ?? `HTTP ${res.status}`);
  if (values.json) {
    console.log(JSON.stringify(res.body));
    return 0;
  }
  const r = res.body;
  if (!r.groups.length) {
    console.log("No duplicates found.");
    return 0;
  }
  console.log(`${r.totalGroups} group${r.totalGroups === 1 ? "" : "s"} of duplicates${r.truncated ? " (the library has more candidate pairs than were read)" : ""}`);
  for (const g of r.groups) {
    console.log("");
    for (const a of g.assets) {
      const keep = a.id === g.suggestedSurvivorId ? "keep →" : "      ";
      console.log(`${keep} ${a.title}  v${a.versionCount}, ${a.placements} placement${a.placements === 1 ? "" : "s"}, ${a.createdAt.slice(0, 10)}  ${a.id}`);
    }
    const others = g.assets.filter((a) => a.id !== g.suggestedSurvivorId).map((a) => a.id);
    console.log(`       npx assetline merge ${g.suggestedSurvivorId} ${others.join(" ")} --dry-run`);
  }
  if (r.nextCursor) console.log(`\nMore: --cursor ${r.nextCursor}`);
  return 0;
}

async function merge(api, survivorId, assetIds, values) {
  for (const id of [survivorId, ...assetIds]) if (!UUID.test(id)) throw new CliError(`“${id}” is not an asset id (asset ids are UUIDs).`);
  const dryRun = values["dry-run"];
  const res = await postJson(api, "/duplicates/merge", { survivorId, assetIds, dryRun });
  if (res.status !== 200) throw new CliError(res.body.message ?? `HTTP ${res.status}`);
  if (values.json) {
    console.log(JSON.stringify(res.body));
    return 0;
  }
  const m = res.body;
  console.log(`${dryRun ? "Would merge" : "Merged"} ${m.merged.map((a) => `“${a.title}”`).join(", ")} into “${m.survivor.title}”.`);
  for (const v of m.versions) console.log(`  version: ${v.from.title} v${v.from.number} → v${v.number} (${v.state}, ${v.filename})`);
  for (const p of m.placements) console.log(`  placement: ${p.listingTitle} (${p.channel}) ${p.slot}, ${p.follows}${p.publish ? ", published again" : ""}`);
  for (const c of m.slotConflicts) console.log(`  conflict: ${c.message}`);
  for (const r of m.rightsConflicts) console.log(`  rights: ${r.message}`);
  if (m.tags.length) console.log(`  tags added: ${m.tags.map((t) => t.label).join(", ")}`);
  if (m.collections.length) console.log(`  collections added: ${m.collections.map((c) => c.name).join(", ")}`);
  if (m.shareLinks) console.log(`  share links now showing “${m.survivor.title}”: ${m.shareLinks}`);
  console.log(`  listings to publish: ${m.listingsToPublish}`);
  if (dryRun) console.log("Nothing was changed (dry run).");
  return 0;
}

async function search(api, q, values) {
  const limit = values.limit ?? "20";
  if (!/^\d+$/.test(limit) || Number(limit) < 1 || Number(limit) > 200) throw new CliError("--limit takes a number from 1 to 200.");
  if (values.sort && !["relevance", "newest", "most_used"].includes(values.sort)) throw new CliError("--sort takes relevance, newest or most_used.");
  const query = new URLSearchParams({ q, limit, ...(values.sort ? { sort: values.sort } : {}), ...(values.cursor ? { cursor: values.cursor } : {}) });
  const res = await api(`/search?${query}`);
  if (res.status !== 200) throw new CliError(res.body.message ?? `HTTP ${res.status}`);
  const r = res.body;
  if (values.json) {
    console.log(JSON.stringify(r));
    return 0;
  }
  const shown = r.items.length;
  // A later page (--cursor) is not counted again: the total is on the first page only.
  if (r.total === null) console.log(`${shown} more asset${shown === 1 ? "" : "s"}, sorted by ${r.sort.replace("_", " ")}`);
  else console.log(`${r.total} asset${r.total === 1 ? "" : "s"} found${shown < r.total ? ` (showing ${shown})` : ""}, sorted by ${r.sort.replace("_", " ")}`);
  if (r.parsed.chips.length) console.log(`Filters: ${r.parsed.chips.map((c) => c.label).join(" · ")}`);
  if (r.parsed.text) console.log(`Text: ${r.parsed.text}`);
  if (shown) {
    console.log("");
    const tagsOf = (a) => a.tags.filter((t) => t.state === "accepted").map((t) => (t.labelZh ? `${t.label} ${t.labelZh}` : t.label)).join(", ");
    printTable(
      ["title", "kind", "state", "markets", "tags", "id"],
      r.items.map((a) => [clip(a.title, 40), a.kind, a.latestVersion?.state ?? "", a.markets.length ? a.markets.join(",") : "global", clip(tagsOf(a), 48), a.id]),
    );
  }
  if (r.nextCursor) console.log(`\nMore: npx assetline search ${JSON.stringify(q)} --limit ${limit}${values.sort ? ` --sort ${values.sort}` : ""} --cursor ${r.nextCursor}`);
  return 0;
}

async function place(api, assetId, values) {
  const listingIds = values.listing ?? [];
  if (!listingIds.length) throw new CliError("place needs at least one --listing <listing-id>.");
  if (!values.slot) throw new CliError("place needs --slot (main, pos2, pos3 …).");
  let pinnedVersionId;
  if (values.pin !== undefined) {
    // The API pins by version id; the merchant knows the number, so look it up on the asset.
    const n = versionNumber(values.pin, "--pin");
    const res = await api(`/assets/${encodeURIComponent(assetId)}`);
    if (res.status !== 200) throw failure(res);
    pinnedVersionId = res.body.versions.find((v) => v.number === n)?.id;
    if (!pinnedVersionId) throw new CliError(`“${res.body.title}” has no version ${n}.`);
  }
  const res = await postJson(api, "/placements", { assetId, listingIds, slot: values.slot, ...(pinnedVersionId ? { pinnedVersionId } : {}) });
  if (res.status !== 201) throw failure(res);
  if (values.json) console.log(JSON.stringify(res.body));
  else {
    console.log(`batch ${res.body.batchId}: ${res.body.placements.length} placement${res.body.placements.length === 1 ? "" : "s"} queued (npx assetline sync status)`);
    printTable(["id", "listing", "slot", "state"], res.body.placements.map((p) => [p.id, p.listingId, p.slot, p.state]));
  }
  return 0;
}

async function placements(api, values) {
  const filter = { ...(values.asset ? { assetId: values.asset } : {}), ...(values.listing?.[0] ? { listingId: values.listing[0] } : {}), ...(values.state ? { state: values.state } : {}) };
  const items = [];
  let cursor = null;
  do {
    const res = await api(`/placements?${new URLSearchParams({ ...filter, limit: "200", ...(cursor ? { cursor } : {}) })}`);
    if (res.status !== 200) throw failure(res);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  if (values.json) console.log(JSON.stringify(items));
  else if (!items.length) console.log("No placements found.");
  else printTable(PLACEMENT_HEADER, items.map(placementRow));
  return 0;
}

async function unplace(api, id) {
  const res = await api(`/placements/${encodeURIComponent(id)}`, { method: "DELETE" });
  if (res.status !== 204) throw failure(res);
  console.log("Removed; the next publish takes the image off the listing.");
  return 0;
}

async function rollback(api, assetId, values) {
  if (values.latest === (values.to !== undefined)) throw new CliError("rollback takes either --to <version-number> or --latest.");
  const body = values.latest ? { follow: "latest" } : { version: versionNumber(values.to, "--to") };
  const res = await postJson(api, `/assets/${encodeURIComponent(assetId)}/rollback`, body);
  if (res.status !== 200) throw failure(res);
  if (values.json) console.log(JSON.stringify(res.body));
  else console.log(`${res.body.placements} placement${res.body.placements === 1 ? "" : "s"} ${values.latest ? "follow the latest approved version" : `pinned to v${body.version}`}; batch ${res.body.batchId}`);
  return 0;
}

async function analyse(api, assetIds, values) {
  const body = { ...(values.force ? { force: true } : {}), ...(values.analyser?.length ? { analysers: values.analyser } : {}), ...(values["all-versions"] ? { allVersions: true } : {}) };
  let queued = 0;
  for (const target of assetIds.length ? assetIds.map((id) => `/assets/${encodeURIComponent(id)}/analyse`) : ["/analyse"]) {
    const res = await postJson(api, target, body);
    if (res.status !== 202) throw failure(res);
    queued += res.body.queued;
  }
  if (values.json) console.log(JSON.stringify({ queued }));
  else console.log(`${queued} version${queued === 1 ? "" : "s"} queued for analysis`);
  return 0;
}

function bar(done, total, width = 24) {
  const filled = Math.round((done / Math.max(total, 1)) * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`;
}

async function syncStatus(api, json) {
  const res = await api("/sync");
  if (res.status !== 200) throw failure(res);
  const s = res.body;
  if (json) {
    console.log(JSON.stringify(s, null, 2));
    return 0;
  }
  // A batch whose placements a later batch took over counts nothing any more: nothing to wait for there.
  const running = s.batches.filter((b) => !b.finishedAt && b.total > 0);
  if (!running.length) console.log("No sync running.");
  else for (const b of running) console.log(`${bar(b.done, b.total)}  ${b.title}  (${b.reason}, ${b.createdAt.slice(0, 16).replace("T", " ")})`);
  const states = Object.entries(s.states).filter(([, n]) => n > 0);
  console.log(`placements: ${states.length ? states.map(([k, n]) => `${k} ${n}`).join(" · ") : "none"}`);
  if (s.problems.length) {
    console.log(`needs attention (${s.problems.length}):`);
    printTable(
      ["id", "state", "channel", "listing", "slot", "asset", "message"],
      s.problems.map((p) => [p.id, p.state, p.channel, p.listingTitle, p.slotLabel, p.assetTitle, `${p.lastError ?? (p.state === "drifted" ? "changed on the channel" : "")}${p.lastErrorCode ? ` (${p.lastErrorCode})` : ""}`]),
    );
  }
  return 0;
}

async function syncNow(api, values) {
  const body = { ...(values.asset ? { assetId: values.asset } : {}), ...(values.listing?.[0] ? { listingId: values.listing[0] } : {}), ...(values.failed ? { failedOnly: true } : {}) };
  const res = await postJson(api, "/sync", body);
  if (res.status !== 202) throw failure(res);
  if (values.json) console.log(JSON.stringify(res.body));
  else if (!res.body.listings) console.log("Nothing to sync.");
  else console.log(`${res.body.listings} listing${res.body.listings === 1 ? "" : "s"} queued; batch ${res.body.batchId}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof CliError ? `assetline: ${err.message}` : err);
    process.exit(err instanceof CliError ? 2 : 1);
  },
);
