// The sync engine survives its worker being killed and its channels misbehaving (issue #6): an asset in
// `main` of 15 listings (5 per channel, on the Shopify, Amazon and TikTok sandboxes) goes through 20+
// rounds of changes — new versions approved, rollbacks, back to the latest — while a separate worker
// process (app/.server/jobs/worker-main.ts, `npm run worker`) is started and `kill -9`ed at a random
// moment 100–1500 ms after it came up, with 429 storms, 5xx answers, expiring tokens and stalled
// requests sprinkled over the rounds. Then one worker runs until everything converges and is stopped.
// What each channel shows is read from the SANDBOXES: every listing shows the expected version's
// rendition; Shopify products hold exactly one of our media and as many media as before (and the shop no
// stray one); no TikTok gallery held our image twice, no product was given a second upload of what it
// already showed, and the uploads no gallery used are bounded by the TikTok publishes killed (or failed)
// between upload and partial_edit; every placement is live; and throttling cost no pg-boss attempt (the
// retries are bounded by the killed attempts and the injected failures). A summary is printed.
//
// PostgreSQL only: a second process cannot open the embedded PGlite. The kill schedule comes from a
// seeded PRNG (the seed is printed; SYNC_FAULTS_SEED=<n> replays the schedule, timing aside). The worker
// runs with SYNC_JOB_HEARTBEAT_SECONDS=10 and JOB_SUPERVISE_INTERVAL_SECONDS=1, so the job of a killed
// worker is retried ~10 s later instead of after SYNC_JOB_TIMEOUT_SECONDS. It is bundled once with
// esbuild (same code, no tsx loader on each of the 20+ starts; without esbuild it runs through tsx), and
// each replacement is started as its predecessor comes up, so start-ups overlap lives.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { placeAsset, setAssetVersion } from "../app/.server/sync/placements.service";
import { mulberry32 } from "../scripts/generate/demo-images";
import { TEST_ADMIN } from "./support/services";
import { CHANNELS, OURS, sleep, startSyncSandboxes, SYNC_JOBS, TIKTOK_UPLOAD, type SyncSandboxes } from "./support/sync-sandboxes";

const ROUNDS = 20;
const PER_CHANNEL = 5;
const CONVERGE_TIMEOUT_MS = 90_000;
const PARTIAL_EDIT = /^\/product\/202309\/products\/([^/]+)\/partial_edit$/;
const THROTTLE_WORDS = /thrott|429|quota|36009002|too many/i;

interface WorkerProcess {
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

// Its own `npm test` step, alone on the machine (vitest.faults.config.ts; `node scripts/test.mjs faults`).
describe.runIf(process.env.TEST_DATABASE_URL)("sync under worker kills and channel faults (postgres)", () => {
  let w: SyncSandboxes;
  let workerArgs: string[];
  let bundleDir: string | null = null;
  const live = new Set<ChildProcess>();
  const seed = Number(process.env.SYNC_FAULTS_SEED) || Math.floor(Math.random() * 2 ** 31);
  const rnd = mulberry32(seed); // seeded, so a failing schedule can be replayed

  let hero: { assetId: string; versionId: string };
  /** Approved versions in order, and what the placements should show: the pinned one, else the latest. */
  const approved: string[] = [];
  let pinned: string | null = null;
  const expected = () => pinned ?? approved[approved.length - 1]!;

  function spawnWorker(): WorkerProcess {
    const env: Record<string, string> = { ...w.workerEnv() };
    for (const k of ["PATH", "HOME", "TMPDIR", "LANG"]) if (process.env[k]) env[k] = process.env[k]!;
    const child = spawn(process.execPath, workerArgs, { cwd: process.cwd(), env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
    live.add(child);
    let out = "";
    const keep = (d: Buffer) => {
      out = (out + d.toString()).slice(-8000);
    };
    child.stderr!.on("data", keep);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on("exit", (code, signal) => {
        live.delete(child);
        resolve({ code, signal });
      }),
    );
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker not up after 45 s:\n${out}`)), 45_000);
      child.stdout!.on("data", (d: Buffer) => {
        keep(d);
        if (out.includes("[worker] running")) {
          clearTimeout(timer);
          resolve();
        }
      });
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`worker exited (${code ?? signal}) before it was up:\n${out}`));
      });
    });
    ready.catch(() => {});
    return { child, ready, exited, output: () => out };
  }

  beforeAll(async () => {
    w = await startSyncSandboxes({
      kind: "postgres",
      name: "faults",
      listings: PER_CHANNEL,
      // 1000 px packshots (1500 elsewhere): shopify.product and tiktok.main then render the same bytes,
      // one Blob that concurrent publishes of the three channels race to store.
      packshotSize: 1000,
      // A killed worker's job comes back once its heartbeat is 10 s old; the worker looks every second.
      env: { SYNC_JOB_HEARTBEAT_SECONDS: "10", JOB_SUPERVISE_INTERVAL_SECONDS: "1" },
    });
    // One bundle of the worker for all restarts (node_modules stay external, resolved from the repo).
    const esbuild = path.resolve("node_modules/.bin/esbuild");
    workerArgs = ["--import", "tsx", "app/.server/jobs/worker-main.ts"];
    if (existsSync(esbuild)) {
      bundleDir = path.resolve(`.cache/test/sync-faults-${process.pid}`);
      mkdirSync(bundleDir, { recursive: true });
      try {
        // Split, so what worker-main imports lazily (Shopify mode's library) stays lazy, as under tsx.
        execFileSync(esbuild, ["app/.server/jobs/worker-main.ts", "--bundle", "--splitting", "--platform=node", "--format=esm", "--packages=external", "--out-extension:.js=.mjs", `--outdir=${bundleDir}`, "--log-level=error"], { stdio: "pipe" });
        workerArgs = [path.join(bundleDir, "worker-main.mjs")];
      } catch (e) {
        console.warn(`[sync-faults] esbuild failed, the worker runs through tsx: ${String(e)}`);
      }
    }
    // v1 in main of every listing, made live by jobs run in this process.
    hero = await w.approvedVersion(0, "hero");
    approved.push(hero.versionId);
    for (const c of CHANNELS) await placeAsset(w.lib(), w.shopId, TEST_ADMIN, { assetId: hero.assetId, listingIds: w.listings[c].map((l) => l.id), slot: "main" });
    const rows = await w.converge(hero.assetId, 60_000);
    expect(rows).toHaveLength(3 * PER_CHANNEL);
    expect(w.errors).toEqual([]);
  });

  afterAll(async () => {
    for (const c of live) c.kill("SIGKILL");
    await w?.close();
    if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  });

  it(`${ROUNDS} kill -9s of the worker mid-propagation, 429 storms, 5xx, expiring tokens and stalls: every listing converges, nothing duplicated`, async () => {
    const t0 = Date.now();
    const { shopify, amazon, tiktok } = w;
    const prisma = w.prisma();
    const phaseStart = new Date();
    // ---- the channels as v1 left them ---------------------------------------------------------------
    const mark = { s: shopify.state.requests.length, a: amazon.state.requests.length, t: tiktok.state.requests.length };
    const shopifyCounts = new Map(w.listings.shopify.map((l) => [l.externalId, w.shopifyMediaCount(l.externalId)]));
    const tiktokCounts = new Map(w.listings.tiktok.map((l) => [l.externalId, w.tiktokFirst(l.externalId).count]));
    const tiktokImagesBefore = new Set(tiktok.state.images.keys());
    const tiktokMainShaAtStart = new Map<string, string | null>();
    for (const l of w.listings.tiktok) tiktokMainShaAtStart.set(l.externalId, await w.knownSha(w.tiktokFirst(l.externalId).uri));
    const refreshesBefore = { s: shopify.state.refreshes, a: amazon.state.lwa.issued.refresh_token, t: tiktok.state.tokenGrants.refresh };

    // ---- the schedule: which rounds get which fault (each kind at least twice) ----------------------
    type Fault = "storm" | "5xx" | "expiry" | "stall";
    const plan: Fault[][] = Array.from({ length: ROUNDS }, () => []);
    const want: Array<[Fault, number]> = [["storm", 4], ["5xx", 4], ["expiry", 3], ["stall", 2]];
    for (const [kind, n] of want) for (let i = 0; i < n; i++) plan[Math.floor(rnd() * ROUNDS)]!.push(kind);
    const injected = { storms: 0, throttles: 0, fail5xx: 0, expiries: 0, stalls: 0 };
    const inject = (f: Fault) => {
      if (f === "storm") {
        injected.storms++;
        const n = 2 + Math.floor(rnd() * 4);
        amazon.state.throttleNext(n);
        tiktok.state.throttleNext(n, 1);
        shopify.state.throttleNext(Math.max(1, n - 2));
        injected.throttles += n + n + Math.max(1, n - 2);
      } else if (f === "5xx") {
        const which = CHANNELS[Math.floor(rnd() * 3)]!;
        if (which === "amazon") amazon.state.fail5xxNext(1 + Math.floor(rnd() * 2), rnd() < 0.5 ? "patchListingsItem" : null);
        else if (which === "tiktok") tiktok.state.fail5xxNext(1);
        else shopify.state.fail5xxNext(1);
        injected.fail5xx++;
      } else if (f === "expiry") {
        injected.expiries++;
        shopify.state.expireToken();
        amazon.state.expireAccessToken();
        tiktok.state.expireAccessToken();
      } else {
        injected.stalls++;
        const sb = [shopify, amazon, tiktok][Math.floor(rnd() * 3)]!;
        sb.state.stall.stallNext(1, 2500);
      }
    };

    // ---- what the merchant does between (and during) the worker's lives ------------------------------
    const changes = { approve: 0, rollback: 0, follow: 0 };
    let nextSeed = 1;
    async function change() {
      const r = rnd();
      if (pinned && r < 0.3) {
        await setAssetVersion(w.lib(), w.shopId, TEST_ADMIN, hero.assetId, null);
        pinned = null;
        changes.follow++;
      } else if (approved.length >= 2 && r < 0.5) {
        const others = approved.filter((v) => v !== expected());
        const v = others[Math.floor(rnd() * others.length)]!;
        await setAssetVersion(w.lib(), w.shopId, TEST_ADMIN, hero.assetId, v);
        pinned = v;
        changes.rollback++;
      } else {
        const v = await w.approvedVersion(nextSeed++, "hero", hero.assetId);
        approved.push(v.versionId);
        changes.approve++;
      }
    }

    // Attempts running when a worker died (pg-boss still shows them active): id + start, and their account.
    const orphans = new Map<string, string | null>();
    const activeSyncJobs = () =>
      prisma.$queryRawUnsafe<Array<{ id: string; started_on: Date; group_id: string | null }>>(
        `SELECT id::text, started_on, group_id FROM pgboss.job WHERE name = ANY($1::text[]) AND state = 'active' AND data->>'shopId' = $2`,
        [...SYNC_JOBS],
        w.shopId,
      );

    // ---- the rounds ----------------------------------------------------------------------------------
    // Like a process supervisor, the next worker is started as soon as the current one is up, so its
    // start-up (~3 s of imports) overlaps the current one's life instead of adding to every round.
    const windows: number[] = [];
    let next = spawnWorker();
    for (let round = 0; round < ROUNDS; round++) {
      for (const f of plan[round]!) inject(f);
      const worker = next;
      // The changes land while it boots (sometimes two of them)…
      await change();
      if (rnd() < 0.25) await change();
      await worker.ready;
      next = spawnWorker();
      // …and it is killed 100–1500 ms into its work, sometimes while yet another change is made.
      const ms = 100 + Math.floor(rnd() * 1400);
      windows.push(ms);
      const during = rnd() < 0.2 ? change() : null;
      during?.catch(() => {}); // awaited (and so thrown) below, after the kill
      await sleep(ms);
      worker.child.kill("SIGKILL");
      const { signal } = await worker.exited;
      expect(signal).toBe("SIGKILL");
      await during;
      // What pg-boss still shows running was this worker's (or, rarely, the next one's when it came up
      // first: those that then complete are taken out below).
      for (const j of await activeSyncJobs()) orphans.set(`${j.id}@${j.started_on.toISOString()}`, j.group_id);
    }
    const loopMs = Date.now() - t0;

    // ---- one worker runs until the channels show the expected version everywhere -----------------------
    const finalWorker = next;
    await finalWorker.ready;
    const tFinal = Date.now();
    const placementsRight = async () => {
      const n = (await prisma.assetVersion.findUniqueOrThrow({ where: { id: expected() } })).number;
      const rows = await w.placementsOf(hero.assetId);
      return rows.length === 3 * PER_CHANNEL && rows.every((r) => r.state === "live" && r.liveVersion === n && r.desiredVersion === n) ? null : rows;
    };
    const channelsRight = async () => {
      const v = expected();
      const s = await w.renditionOf(v, "shopify");
      const a = await w.renditionOf(v, "amazon");
      const tk = await w.renditionOf(v, "tiktok");
      for (const l of w.listings.shopify) {
        const m = w.shopifyFirst(l.externalId);
        if (m.status !== "READY" || !m.filename.startsWith(s.sha)) return `shopify ${l.externalId}: ${m.filename} ${m.status}`;
      }
      for (const l of w.listings.amazon) {
        const m = w.amazonMain(l.externalId);
        if (m.url !== a.url || m.ingested !== a.url || m.issue) return `amazon ${l.externalId}: ${JSON.stringify(m)}`;
      }
      for (const l of w.listings.tiktok) {
        const m = w.tiktokFirst(l.externalId);
        if (m.status !== "ACTIVATE" || (await w.knownSha(m.uri)) !== tk.sha) return `tiktok ${l.externalId}: ${m.uri} ${m.status}`;
      }
      return null;
    };
    const jobsSettled = async () => {
      const rows = await prisma.$queryRawUnsafe<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = ANY($1::text[]) AND data->>'shopId' = $2 AND (state = 'active' OR (state IN ('created', 'retry') AND start_after <= now()))`,
        [...SYNC_JOBS],
        w.shopId,
      );
      return rows[0]!.n;
    };
    let last = "";
    if (process.env.SYNC_FAULTS_DEBUG) {
      const pending = await prisma.$queryRawUnsafe<Array<{ state: string; retry_count: number; due_in: number; l: string }>>(
        `SELECT name, state::text, retry_count, round(extract(epoch from start_after - now())) AS due_in, data->>'listingId' AS l FROM pgboss.job WHERE name = ANY($1::text[]) AND data->>'shopId' = $2 AND state < 'completed' ORDER BY l`,
        [...SYNC_JOBS],
        w.shopId,
      );
      console.log(`[sync-faults] pending at the last start: ${pending.map((j) => `${j.l.slice(0, 4)} ${j.state}/${j.retry_count}/${j.due_in}s`).join(", ")}`);
    }
    for (;;) {
      const p = await placementsRight();
      const c = p ? "placements" : await channelsRight();
      const j = p || c ? -1 : await jobsSettled();
      if (!p && !c && j === 0) break;
      last = p ? `placements: ${JSON.stringify(p.map((r) => [r.channel, r.listingExternalId, r.state, r.liveVersion, r.desiredVersion, r.lastError]))}` : (c ?? `${j} sync jobs running or due`);
      if (process.env.SYNC_FAULTS_DEBUG) {
        const due = await prisma.$queryRawUnsafe<Array<{ name: string; state: string; due_in: number }>>(
          `SELECT name, state::text, round(extract(epoch from start_after - now()))::int AS due_in FROM pgboss.job WHERE name = ANY($1::text[]) AND data->>'shopId' = $2 AND state < 'completed' ORDER BY start_after`,
          [...SYNC_JOBS],
          w.shopId,
        );
        const rowsNow = await w.placementsOf(hero.assetId);
        console.log(
          `[sync-faults] +${((Date.now() - tFinal) / 1000).toFixed(1)} s jobs: ${due.map((j) => `${j.name.slice(5)}/${j.state}/${j.due_in}`).join(" ")} | ` +
            rowsNow.map((r) => `${r.channel.slice(0, 2)}:${r.state}${r.lastSyncedAt ? `@${Math.round((Date.now() - Date.parse(r.lastSyncedAt)) / 1000)}s` : ""}`).join(" "),
        );
      }
      if (Date.now() - tFinal > CONVERGE_TIMEOUT_MS) throw new Error(`did not converge in ${CONVERGE_TIMEOUT_MS / 1000} s (seed ${seed}): ${last}\nworker output:\n${finalWorker.output()}`);
      await sleep(300);
    }
    const convergeMs = Date.now() - tFinal;
    finalWorker.child.kill("SIGTERM");
    const stopped = await finalWorker.exited;
    expect(stopped.code).toBe(0);

    // ---- measure (printed before anything is asserted, so a failing run still tells its story) ------------
    const v = expected();
    const vNumber = (await prisma.assetVersion.findUniqueOrThrow({ where: { id: v } })).number;
    const sReq = shopify.state.requests.slice(mark.s);
    const aReq = amazon.state.requests.slice(mark.a);
    const tReq = tiktok.state.requests.slice(mark.t);
    const throttled = {
      shopify: sReq.filter((r) => (r.errorCodes ?? []).includes("THROTTLED")).length,
      amazon: aReq.filter((r) => r.status === 429).length,
      tiktok: tReq.filter((r) => r.status === 429 && r.code === 36009002).length,
    };
    const answered5xx = { shopify: sReq.filter((r) => r.status >= 500).length, amazon: aReq.filter((r) => r.status >= 500).length, tiktok: tReq.filter((r) => r.status >= 500).length };
    const all5xx = answered5xx.shopify + answered5xx.amazon + answered5xx.tiktok;
    const refreshes = { shopify: shopify.state.refreshes - refreshesBefore.s, amazon: amazon.state.lwa.issued.refresh_token - refreshesBefore.a, tiktok: tiktok.state.tokenGrants.refresh - refreshesBefore.t };
    const oursInShop = [...shopify.state.media.values()].filter((m) => OURS.test(m.filename));

    // TikTok: every partial_edit of the storm, in order, per product. An upload is "attached" when a
    // gallery used it; an "episode" is the product switching its main image to another sha (a rollback
    // brings an old sha back, and the connector uploads it again: it reuses only what the product shows).
    const edits = tReq.filter((r) => r.method === "POST" && r.code === 0 && PARTIAL_EDIT.test(r.path));
    const shaOfUri = new Map<string, string | null>();
    const sha = async (uri: string) => {
      if (!shaOfUri.has(uri)) shaOfUri.set(uri, await w.knownSha(uri));
      return shaOfUri.get(uri)!;
    };
    const shown = new Map(tiktokMainShaAtStart);
    const episodes = new Map<string, number>(); // product \0 sha → switches to that sha
    const attached = new Map<string, Set<string>>(); // product \0 sha → uploads of the storm it was given
    const galleriesWithTwins: string[][] = [];
    for (const e of edits) {
      const product = PARTIAL_EDIT.exec(e.path)![1]!;
      const uris = (JSON.parse(e.body!) as { main_images: Array<{ uri: string }> }).main_images.map((i) => i.uri);
      const shas = (await Promise.all(uris.map(sha))).filter((x): x is string => x !== null);
      if (new Set(uris).size !== uris.length || new Set(shas).size !== shas.length) galleriesWithTwins.push(uris);
      const main = await sha(uris[0]!);
      if (!main) continue;
      const key = `${product}\u0000${main}`;
      if (shown.get(product) !== main) episodes.set(key, (episodes.get(key) ?? 0) + 1);
      shown.set(product, main);
      if (!tiktokImagesBefore.has(uris[0]!)) (attached.get(key) ?? attached.set(key, new Set()).get(key)!).add(uris[0]!);
    }
    const reuploads = [...attached].filter(([key, uris]) => uris.size > (episodes.get(key) ?? 0)).map(([key, uris]) => `${key.replace("\u0000", " / ")}: ${uris.size} uploads, ${episodes.get(key) ?? 0} switches`);
    const uploads = tReq.filter((r) => r.path === TIKTOK_UPLOAD && r.code === 0).length;
    const attachedTotal = [...attached.values()].reduce((n, u) => n + u.size, 0);
    const stray = uploads - attachedTotal;
    // Of those no gallery used, how many onCreated had saved (the kill or failure came after the save).
    const inGalleries = new Set(edits.flatMap((e) => (JSON.parse(e.body!) as { main_images: Array<{ uri: string }> }).main_images.map((i) => i.uri)));
    const strayUris = [...tiktok.state.images.keys()].filter((uri) => !tiktokImagesBefore.has(uri) && !inGalleries.has(uri));
    const straySaved = (await Promise.all(strayUris.map(sha))).filter((x) => x !== null).length;

    // An attempt seen running at a kill that then completed (the next worker's) was not killed.
    const completedAttempts = new Set(
      (
        await prisma.$queryRawUnsafe<Array<{ id: string; started_on: Date }>>(
          `SELECT id::text, started_on FROM pgboss.job WHERE name = ANY($1::text[]) AND state = 'completed' AND data->>'shopId' = $2`,
          [...SYNC_JOBS],
          w.shopId,
        )
      ).map((j) => `${j.id}@${j.started_on.toISOString()}`),
    );
    for (const key of [...orphans.keys()]) if (completedAttempts.has(key)) orphans.delete(key);
    const tiktokOrphans = [...orphans.values()].filter((g) => g === w.accountIds.tiktok).length;

    // pg-boss: the storm's sync jobs, their attempts and why any failed.
    const jobs = await prisma.$queryRawUnsafe<Array<{ name: string; state: string; retry_count: number; retry_limit: number; output: string | null }>>(
      `SELECT name, state::text AS state, retry_count, retry_limit, output::text AS output FROM pgboss.job WHERE name = ANY($1::text[]) AND data->>'shopId' = $2 AND created_on >= $3`,
      [...SYNC_JOBS],
      w.shopId,
      phaseStart,
    );
    const retries = jobs.reduce((n, j) => n + j.retry_count, 0);
    const failed = jobs.filter((j) => j.state === "failed");
    // Why the failed and retrying jobs failed: pg-boss's own message (heartbeat lost) or the handler's error.
    const messageOf = (output: string | null) => {
      const o = JSON.parse(output ?? "null") as { message?: string; value?: { message?: string } } | null;
      return o?.value?.message ?? o?.message ?? String(output);
    };
    const reasons = new Map<string, number>();
    for (const j of jobs.filter((x) => x.state === "failed" || x.state === "retry")) reasons.set(messageOf(j.output), (reasons.get(messageOf(j.output)) ?? 0) + 1);

    console.log(
      [
        `[sync-faults] seed ${seed} (SYNC_FAULTS_SEED=${seed} replays the schedule)`,
        `  ${ROUNDS} kill -9s, each ${Math.min(...windows)}–${Math.max(...windows)} ms after the worker was up; ${orphans.size} job attempts killed mid-run (${tiktokOrphans} on TikTok)`,
        `  changes: ${changes.approve} approvals, ${changes.rollback} rollbacks, ${changes.follow} back to latest → v${vNumber}${pinned ? " (pinned)" : ""}, ${approved.length} versions approved`,
        `  faults: ${injected.storms} 429 storms (${throttled.shopify}/${throttled.amazon}/${throttled.tiktok} throttled answers shopify/amazon/tiktok), ` +
          `${injected.fail5xx} 5xx injections (${answered5xx.shopify}/${answered5xx.amazon}/${answered5xx.tiktok} answered), ` +
          `${injected.expiries} token expiries (${refreshes.shopify}/${refreshes.amazon}/${refreshes.tiktok} refreshes), ${injected.stalls} stalled requests`,
        `  tiktok: ${uploads} uploads, ${attachedTotal} attached (never more per product and sha than its switches to it), ${stray} stray ` +
          `(a publish killed, failed or throttled between upload and partial_edit; ${straySaved} of them after onCreated saved the upload)`,
        `  shopify: ${oursInShop.length} media of ours in the shop, one per product; amazon: every listing on the expected URL`,
        `  pg-boss: ${jobs.length} sync jobs, ${retries} retries (bound: ${orphans.size} killed + ${all5xx} 5xx + ${injected.stalls} stalls), ${failed.length} failed; ` +
          `failures: ${[...reasons].map(([r, n]) => `${n}× ${r}`).join("; ") || "none"}`,
        `  time: ${(loopMs / 1000).toFixed(1)} s of rounds, converged ${(convergeMs / 1000).toFixed(1)} s after the last start, ${((Date.now() - t0) / 1000).toFixed(1)} s in all`,
      ].join("\n"),
    );

    // ---- what the channels show ----------------------------------------------------------------------
    // Every placement live on the expected version; no listing left mid-sync.
    const rows = await w.placementsOf(hero.assetId);
    expect(rows.map((r) => [r.state, r.liveVersion])).toEqual(Array(3 * PER_CHANNEL).fill(["live", vNumber]));
    const listingStates = await prisma.listing.findMany({ where: { shopId: w.shopId }, select: { syncState: true } });
    expect(listingStates.map((l) => l.syncState)).toEqual(Array(3 * PER_CHANNEL).fill("idle"));

    // Shopify: each product holds exactly one of our media (the expected rendition, first) and as many
    // media as before the storm; the shop holds no stray media of ours.
    const s = await w.renditionOf(v, "shopify");
    for (const l of w.listings.shopify) {
      const product = shopify.state.products.get(l.externalId)!;
      const ours = product.mediaIds.map((id) => shopify.state.media.get(id)!).filter((m) => OURS.test(m.filename));
      expect(ours.map((m) => m.filename.slice(0, 64))).toEqual([s.sha]);
      expect(product.mediaIds[0]).toBe(ours[0]!.id);
      expect(product.mediaIds.length).toBe(shopifyCounts.get(l.externalId));
    }
    expect(oursInShop).toHaveLength(PER_CHANNEL);

    // Amazon: the expected rendition's URL, processed without issue.
    const a = await w.renditionOf(v, "amazon");
    for (const l of w.listings.amazon) expect(w.amazonMain(l.externalId)).toEqual({ url: a.url, issue: null, ingested: a.url });

    // TikTok: the expected rendition first, out of audit, the gallery as long as before, no uri twice;
    // no partial_edit ever held one of our images twice, and none attached a second upload of what the
    // product already showed.
    const tk = await w.renditionOf(v, "tiktok");
    for (const l of w.listings.tiktok) {
      const p = tiktok.state.products.get(l.externalId)!;
      expect(await w.knownSha(p.mainImages[0]!)).toBe(tk.sha);
      expect(p.status).toBe("ACTIVATE");
      expect(p.mainImages.length).toBe(tiktokCounts.get(l.externalId));
      expect(new Set(p.mainImages).size).toBe(p.mainImages.length);
    }
    expect(galleriesWithTwins).toEqual([]);
    expect(reuploads).toEqual([]);
    // Uploads no gallery used come only from TikTok publishes killed (or failed, or throttled) between upload
    // and partial_edit: a later run re-uploads, since it reuses only uris the product shows…
    expect(stray).toBe(strayUris.length);
    expect(stray).toBeLessThanOrEqual(tiktokOrphans + answered5xx.tiktok + injected.stalls + throttled.tiktok);
    // …so per (product, sha), even counting every stray upload against each: ≤ its switches + the kills.
    for (const [key, uris] of attached) expect(uris.size + stray).toBeLessThanOrEqual((episodes.get(key) ?? 0) + ROUNDS);

    // ---- throttling cost no attempt ------------------------------------------------------------------
    for (const c of CHANNELS) expect(throttled[c], `${c} throttled answers`).toBeGreaterThan(0);
    // A retry is a killed attempt or an injected failure (a 5xx answered, a stalled request), never a 429…
    expect(retries).toBeLessThanOrEqual(orphans.size + all5xx + injected.stalls);
    expect([...reasons.keys()].filter((m) => THROTTLE_WORDS.test(m))).toEqual([]);
    // …and no job gave up: a failed one had attempts left, but another job of its listing already held
    // the retry slot (stately: one job per listing in each state), and that one ran in its place.
    expect(failed.filter((j) => j.retry_count >= j.retry_limit)).toEqual([]);

    // Expired tokens were refreshed, and every account is still linked.
    if (injected.expiries) for (const c of CHANNELS) expect(refreshes[c], `${c} token refreshes`).toBeGreaterThan(0);
    const accounts = await prisma.channelAccount.findMany({ where: { shopId: w.shopId } });
    expect(accounts.map((x) => x.status)).toEqual(["active", "active", "active"]);
  }, 600_000);
});
