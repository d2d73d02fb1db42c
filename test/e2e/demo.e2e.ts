// The demo, end to end in a real browser: library → upload (per-file progress, thumbnail appears) →
// asset detail (metadata) → approve v1 → upload v2 → restore v1 as v3. Screenshots of every step go
// to test-results/e2e/. Waits on elements and states, never on fixed sleeps.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import sharp from "sharp";

const BASE = inject("baseUrl");
const SHOTS = path.resolve("test-results/e2e");
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const failedRequests: string[] = [];
let step = 0;

/** A viewport screenshot (the admin frame's top bar is fixed, so full-page shots repeat it), with `focus` in view. */
async function shot(name: string, focus?: Locator) {
  step++;
  if (focus) await focus.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, `${String(step).padStart(2, "0")}-${name}.png`) });
}

/** A JPEG nobody has uploaded before: a gradient with a random tint and a label. */
async function makeJpeg(width: number, height: number, label: string) {
  const tint = Math.floor(Math.random() * 200);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="rgb(${tint},90,160)"/><stop offset="1" stop-color="rgb(240,${tint},80)"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <text x="50%" y="55%" font-family="sans-serif" font-size="${Math.round(height / 6)}" fill="white" text-anchor="middle">${label}</text>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(20_000);
  page.on("pageerror", (e) => pageErrors.push(e.message));
  page.on("response", (r) => {
    const url = new URL(r.url());
    if (r.status() >= 500 || (r.status() >= 400 && url.pathname !== "/favicon.ico")) failedRequests.push(`${r.status()} ${url.pathname}`);
  });
});

afterAll(async () => {
  await browser?.close();
});

describe("Assetline demo in the browser", () => {
  it("uploads, approves, versions and restores an asset", async () => {
    try {
      await walkThrough();
    } catch (err) {
      await page.screenshot({ path: path.join(SHOTS, "failure.png"), fullPage: true }).catch(() => {});
      throw err;
    }
  });
});

async function walkThrough() {
  // 1. The library shows the seeded sample media (seeding runs in the background after start-up).
  const tiles = page.locator("[data-testid=asset-tile]");
  const deadline = Date.now() + 60_000;
  for (;;) {
    await page.goto(`${BASE}/app`, { waitUntil: "domcontentloaded" });
    await page.getByRole("heading", { name: "Library", level: 1 }).waitFor();
    if ((await tiles.count()) > 0) break;
    if (Date.now() > deadline) throw new Error("No seeded assets appeared in the library within 60 s.");
    await page.waitForTimeout(1000);
  }
  await expect.poll(() => tiles.locator("img").count(), { timeout: 60_000 }).toBeGreaterThan(0);
  await shot("library");
  await page.locator("html[data-hydrated=true]").waitFor({ state: "attached" }); // the file input's handler is attached

  // 2. Upload a generated JPEG through the file input; watch its own row go through its phases.
  const filename = `e2e-product-${Date.now()}.jpg`;
  const jpeg = await makeJpeg(1234, 567, "E2E v1");
  await page.evaluate(() => {
    const w = window as unknown as { __phases: string[] };
    w.__phases = [];
    new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target as HTMLElement;
        if (el.dataset?.testid === "upload-row" && el.dataset.phase) w.__phases.push(el.dataset.phase);
        for (const n of Array.from(r.addedNodes))
          if (n instanceof HTMLElement)
            n.querySelectorAll<HTMLElement>("[data-testid=upload-row]").forEach((x) => w.__phases.push(x.dataset.phase ?? ""));
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-phase"] });
  });
  await page.setInputFiles("#library-upload-input", { name: filename, mimeType: "image/jpeg", buffer: jpeg });
  const row = page.locator("[data-testid=upload-row]", { hasText: filename });
  await row.waitFor();
  await expect(row.locator("progress, [role=progressbar]").count()).resolves.toBeGreaterThan(0);
  await row.and(page.locator("[data-phase=done]")).waitFor({ timeout: 60_000 });
  const status = await row.getAttribute("data-status");
  if (status !== "created") throw new Error(`The upload did not create an asset (status ${status}): ${await row.innerText()}`);
  const phases = await page.evaluate(() => (window as unknown as { __phases: string[] }).__phases);
  expect(
    phases.some((p) => p === "uploading" || p === "checking"),
    `phases seen: ${phases.join(",")}`
  ).toBe(true);
  await shot("uploaded");

  const href = await row.getByRole("link", { name: "View asset" }).getAttribute("href");
  const assetId = /\/app\/assets\/([0-9a-f-]{36})/.exec(href ?? "")?.[1];
  expect(assetId, "the upload row links to the new asset").toBeTruthy();

  // …and its thumbnail appears in the grid without a reload (the page polls while processing).
  const tile = page.locator(`[data-testid=asset-tile][data-asset-id="${assetId}"]`);
  await tile.waitFor({ timeout: 30_000 });
  const thumb = tile.locator("img");
  await thumb.waitFor({ timeout: 90_000 });
  await tile.scrollIntoViewIfNeeded(); // thumbnails load lazily, as a person scrolling would see them
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), { timeout: 20_000 }).toBe(true);
  await shot("thumbnail", tile);

  // 3. Open the asset: the metadata shows the dimensions.
  await tile.getByRole("link").first().click();
  await page.waitForURL(`**/app/assets/${assetId}`);
  await page.locator("[data-testid=version-row][data-version='1']").waitFor();
  await expect.poll(() => page.locator("[data-testid=meta-file]").innerText()).toContain("1234 × 567 px");
  await page.locator("[data-testid=asset-preview] img").waitFor();
  await shot("asset");

  // 4. Approve version 1: the state badge becomes Approved and v1 is live.
  const v1 = page.locator("[data-testid=version-row][data-version='1']");
  await v1.getByRole("button", { name: "Approve" }).click();
  await page.locator("[data-testid=version-row][data-version='1'][data-state=approved]").waitFor();
  await expect.poll(() => page.locator("[data-testid=asset-state]").innerText()).toMatch(/(^|\n)Approved$/);
  await expect.poll(() => page.locator("[data-testid=asset-live]").innerText()).toMatch(/(^|\n)Live: v1$/);
  await shot("approved", v1);

  // The original downloads as an attachment, byte for byte.
  const v1Id = await v1.getAttribute("data-version-id");
  const download = await page.request.get(`${BASE}/app/assets/${assetId}/versions/${v1Id}/download`);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-disposition"]).toContain(`attachment; filename="${filename}"`);
  expect(Buffer.compare(await download.body(), jpeg)).toBe(0);

  // 5. Upload a new version through "Upload new version".
  const v2jpeg = await makeJpeg(800, 800, "E2E v2");
  await page.setInputFiles("[data-testid=new-version-input]", { name: "e2e-product-v2.jpg", mimeType: "image/jpeg", buffer: v2jpeg });
  const v2 = page.locator("[data-testid=version-row][data-version='2']");
  await v2.waitFor({ timeout: 30_000 });
  await expect.poll(() => page.locator("[data-testid=asset-state]").innerText()).toMatch(/(^|\n)Draft$/);
  await page.locator("[data-testid=version-row][data-version='2'][data-processing=ready]").waitFor({ timeout: 90_000 });
  await expect.poll(() => page.locator("[data-testid=meta-file]").innerText()).toContain("800 × 800 px");
  await shot("version-2", v2);

  // 6. Restore version 1: a version 3 appears, noted "Restored from version 1".
  await v1.getByRole("button", { name: "Restore" }).click();
  const v3 = page.locator("[data-testid=version-row][data-version='3']");
  await v3.waitFor();
  await expect.poll(() => v3.getByTestId("version-note").innerText()).toBe("Restored from version 1");
  await expect.poll(() => page.locator("[data-testid=meta-file]").innerText()).toContain("1234 × 567 px");
  await shot("restored", v3);

  // 7. "Upload folder": each file goes up with its folder (tagged by it); hidden files are left out.
  const dir = await mkdtemp(path.join(os.tmpdir(), "assetline-folder-"));
  try {
    const inFolder = `e2e-folder-${Date.now()}.jpg`;
    await mkdir(path.join(dir, "Spring 2026", "Amazon"), { recursive: true });
    await writeFile(path.join(dir, "Spring 2026", "Amazon", inFolder), await makeJpeg(900, 900, "Folder"));
    await writeFile(path.join(dir, "Spring 2026", ".DS_Store"), "junk");
    await page.goto(`${BASE}/app`, { waitUntil: "domcontentloaded" });
    await page.locator("html[data-hydrated=true]").waitFor({ state: "attached" });
    await expect(page.getByRole("button", { name: "Upload folder" }).count()).resolves.toBe(1);
    await page.setInputFiles("[data-testid=folder-upload-input]", path.join(dir, "Spring 2026"));
    const folderRow = page.locator("[data-testid=upload-row]", { hasText: inFolder });
    await folderRow.and(page.locator("[data-phase=done]")).waitFor({ timeout: 60_000 });
    expect(await folderRow.getAttribute("data-status")).toBe("created");
    await expect(page.locator("[data-testid=upload-row]", { hasText: ".DS_Store" }).count()).resolves.toBe(0);
    await folderRow.getByRole("link", { name: "View asset" }).click();
    const folderTag = (name: string) => page.locator(`[data-testid=tag-chip][data-tag="${name}"][data-source=auto]`);
    await folderTag("spring").first().waitFor({ timeout: 30_000 });
    await folderTag("amazon").first().waitFor();
    await shot("folder-upload", folderTag("spring").first());
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  expect(pageErrors, "uncaught errors in the page").toEqual([]);
  expect(failedRequests, "failed requests").toEqual([]);
}
