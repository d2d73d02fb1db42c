// The CLI against the running demo server: import a folder (progress, per-file outcome, exit code),
// re-run to resume (known contents skipped), then `info`.
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const baseUrl = inject("baseUrl");
const dataDir = inject("dataDir");

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ["bin/assetline.mjs", ...args, "--url", baseUrl], {
    encoding: "utf8",
    env: { ...process.env, ASSETLINE_DATA_DIR: dataDir, ASSETLINE_API_KEY: "" },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("assetline CLI", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "cli-import-"));
    for (let i = 0; i < 4; i++)
      await sharp({ create: { width: 640, height: 640, channels: 3, background: { r: 30 + i * 50, g: 90, b: 160 - i * 30 } } })
        .jpeg()
        .toFile(path.join(dir, `cli-product-${i}.jpg`));
    await writeFile(path.join(dir, "notes.txt"), "not an image");
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it("imports a folder, reports each file, and resumes by skipping known contents", async () => {
    const first = cli(["import", dir]);
    expect(first.out).toMatch(/4 uploaded, 0 already in the library, 1 failed/);
    expect(first.out).toMatch(/failed\s+.*notes\.txt — .*text file/);
    expect(first.code).toBe(1); // a failed file makes the run fail, so scripts notice
    const second = cli(["import", dir]);
    expect(second.out).toMatch(/0 uploaded, 4 already in the library, 1 failed/);
    expect(second.out.match(/^skipped/gm)).toHaveLength(4);
  });

  it("shows an asset with `info`, and explains a bad key", async () => {
    const key = (await readFile(path.join(dataDir, "demo-api-key"), "utf8")).trim();
    const list = await fetch(`${baseUrl}/api/v1/assets?q=${encodeURIComponent("Cli product")}&limit=1`, { headers: { Authorization: `Bearer ${key}` } }).then((r) => r.json());
    const id = list.items[0].id as string;
    const info = cli(["info", id]);
    expect(info.code).toBe(0);
    expect(info.out).toMatch(/Cli product \d/);
    expect(info.out).toMatch(/v1\s+draft/);
    const shared = cli(["share", id, "--expires", "7d", "--name", "CLI share"]);
    expect(shared.code).toBe(0);
    expect(shared.out.trim()).toMatch(new RegExp(`^${baseUrl.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/s/[A-Za-z0-9_-]{22}$`));
    expect(shared.err).toMatch(/preview only, expires/);
    const page = await fetch(shared.out.trim());
    expect(page.status).toBe(200);
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(cli(["share", id, "--expires", "soon"]).code).toBe(2);

    // A collection, by name: the link follows the collection.
    const made = await fetch(`${baseUrl}/api/v1/collections`, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "CLI picks", assetIds: [id] }),
    });
    expect(made.status).toBe(201);
    const listed = cli(["collections"]);
    expect(listed.out).toMatch(/\s1 assets\s+CLI picks/);
    const viaName = cli(["share", "cli picks", "--download"]);
    expect(viaName.code).toBe(0);
    expect(viaName.err).toMatch(/collection “CLI picks”, downloads allowed/);
    const link = (await fetch(`${baseUrl}/api/v1/shares`, { headers: { Authorization: `Bearer ${key}` } }).then((r) => r.json())).items.find((x: { name: string }) => x.name === "CLI picks");
    expect(link).toMatchObject({ name: "CLI picks", assetIds: [], previewOnly: false });
    const detail = await fetch(`${baseUrl}/api/v1/shares/${link.id}`, { headers: { Authorization: `Bearer ${key}` } }).then((r) => r.json());
    expect(detail.collectionId).toBe((await made.json()).id);
    expect(detail.access).toEqual([]);
    const bad = spawnSync(process.execPath, ["bin/assetline.mjs", "info", id, "--url", baseUrl, "--key", "al_0000000000_" + "A".repeat(43)], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/not valid|revoked/);
  });

  it("lists placements, refuses a rollback to a draft, and shows sync status", async () => {
    const key = (await readFile(path.join(dataDir, "demo-api-key"), "utf8")).trim();
    const list = await fetch(`${baseUrl}/api/v1/assets?q=${encodeURIComponent("Cli product")}&limit=1`, { headers: { Authorization: `Bearer ${key}` } }).then((r) => r.json());
    const id = list.items[0].id as string;
    const none = cli(["placements", "--asset", id]);
    expect(none.code).toBe(0);
    expect(none.out).toMatch(/No placements found/);
    expect(cli(["sync", "now", "--asset", id]).out).toMatch(/Nothing to sync/);
    const draft = cli(["rollback", id, "--to", "1"]); // v1 of an imported file is still a draft
    expect(draft.code).toBe(2);
    expect(draft.err).toMatch(/never approved/);
    const badSlot = cli(["place", id, "--listing", "00000000-0000-4000-8000-000000000000", "--slot", "top"]);
    expect(badSlot.code).toBe(2);
    expect(badSlot.err).toMatch(/slot/);
    const status = cli(["sync", "status"]);
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/^placements: /m);
    expect(JSON.parse(cli(["sync", "status", "--json"]).out)).toMatchObject({ batches: expect.any(Array), problems: expect.any(Array) });
  });
});
