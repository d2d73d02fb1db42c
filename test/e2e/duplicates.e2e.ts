// Duplicates in the demo, in a real browser (issue #7): a photo and a resized, recompressed copy of it are
// uploaded (REST); the Duplicates page (reached from the nav) shows them as one group with the survivor
// suggested; Merge… opens the modal with the dry-run preview (the copy's version moving as v2); the owner
// keeps the original and merges; the group is gone, the copy is archived and its version is v2 of the
// original. Waits on elements and states, never on fixed sleeps. Screenshots go to test-results/e2e/.
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { chromium, type Browser } from "playwright-core";
import sharp from "sharp";
import { scene } from "../support/images";
import { hydrated } from "./support/pages";

const BASE = inject("baseUrl");
const DATA = inject("dataDir");
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const SHOTS = path.resolve("test-results/e2e");

let browser: Browser;
let key: string;
const pageErrors: string[] = [];
const uploaded: string[] = [];

const api = (p: string, init: RequestInit = {}) => fetch(`${BASE}/api/v1${p}`, { ...init, headers: { Authorization: `Bearer ${key}`, ...(init.headers ?? {}) } });

async function upload(buf: Buffer, filename: string) {
  const fd = new FormData();
  fd.append("file", new Blob([new Uint8Array(buf)], { type: "image/jpeg" }), filename);
  const res = await api("/assets", { method: "POST", body: fd });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { asset: { id: string; title: string } };
  uploaded.push(body.asset.id);
  await expect
    .poll(async () => ((await (await api(`/assets/${body.asset.id}`)).json()) as { latestVersion: { processing: string } }).latestVersion.processing, { timeout: 90_000, interval: 500 })
    .toBe("ready");
  return body.asset;
}


beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ARGS });
  key = (await readFile(path.join(DATA, "demo-api-key"), "utf8")).trim();
});
afterAll(async () => {
  // Archive what is left of this file's uploads: later files pick "the newest draft image".
  if (browser && uploaded.length) {
    const ctx = await browser.newContext();
    await ctx.addCookies([{ name: "assetline_demo_user", value: "owner", url: BASE }]);
    const page = await ctx.newPage();
    for (const id of uploaded) await page.request.post(`${BASE}/app/assets/${id}`, { form: { intent: "archive" } });
    await ctx.close();
  }
  await browser?.close();
});

describe("duplicates in the demo", () => {
  it("the Duplicates page groups a photo with its resized copy and merges them after the preview", async () => {
    const photo = await scene(77);
    const original = await upload(photo, "dups-e2e-harbour.jpg");
    const copy = await upload(await sharp(photo).resize(640).jpeg({ quality: 65 }).toBuffer(), "dups-e2e-harbour-small.jpg");

    const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    await ctx.addCookies([{ name: "assetline_demo_user", value: "owner", url: BASE }]);
    const page = await ctx.newPage();
    page.setDefaultTimeout(30_000);
    page.on("pageerror", (e) => pageErrors.push(e.message));
    try {
      await page.goto(`${BASE}/app`, { waitUntil: "networkidle" });
      await hydrated(page);
      await page.getByRole("link", { name: "Duplicates" }).first().click();
      await page.waitForURL((u) => u.pathname === "/app/duplicates");
      await page.getByRole("heading", { name: "Duplicates", level: 1 }).waitFor();

      const card = page.locator("[data-testid=duplicate-group]").filter({ hasText: original.title }).filter({ hasText: copy.title });
      await card.waitFor();
      await card.getByText("Suggested to keep").waitFor();
      await page.screenshot({ path: path.join(SHOTS, "duplicates-page.png") });

      await card.getByRole("button", { name: "Merge…" }).click();
      const modal = page.getByRole("dialog");
      await modal.getByText("Merge duplicates").waitFor();
      await modal.getByRole("radio", { name: new RegExp(`^${original.title} —`) }).check();
      // The preview for this choice: the copy's v1 becomes v2 of the original.
      await modal.getByText(`${copy.title} v1 → v2 of “${original.title}”`).waitFor();
      await modal.getByText(`will be archived and marked as merged into “${original.title}”`).waitFor();
      await page.screenshot({ path: path.join(SHOTS, "duplicates-merge-preview.png") });
      await modal.getByRole("button", { name: "Merge", exact: true }).click();
      await modal.waitFor({ state: "detached" });
      await expect.poll(() => card.count()).toBe(0);

      const after = (await (await api(`/assets/${original.id}/versions`)).json()) as { items: Array<{ number: number; filename: string }> };
      expect(after.items.map((v) => [v.number, v.filename]).sort()).toEqual([[1, "dups-e2e-harbour.jpg"], [2, "dups-e2e-harbour-small.jpg"]]);
      expect(((await (await api(`/assets/${copy.id}`)).json()) as { archived: boolean }).archived).toBe(true);
      expect(pageErrors).toEqual([]);
    } catch (err) {
      await page.screenshot({ path: path.join(SHOTS, "duplicates-failure.png") }).catch(() => {});
      throw err;
    } finally {
      await ctx.close();
    }
  });
});
