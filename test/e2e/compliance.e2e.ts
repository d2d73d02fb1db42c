// Channel compliance in the demo, in a real browser (issue #5 §5): the owner turns on "Amazon MAIN image"
// for every new version in Settings; a product shot on an off-white background with a grey shadow band is
// uploaded (REST) and its Amazon MAIN rendition fails (background not pure white, product too small);
// the asset page shows the tile with the measured findings, Fix makes a passing rendition shown next to
// the failing one; the Compliance page lists a second such image and fixes it in bulk.
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { chromium, type Browser } from "playwright-core";
import sharp from "sharp";
import { hydrated, ownerPage } from "./support/pages";

const BASE = inject("baseUrl");
const DATA = inject("dataDir");
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const SHOTS = path.resolve("test-results/e2e");
// Turning a preset on queues it for every existing image, on the same worker as new uploads: a new
// upload's renditions can queue behind that backfill.
const BUILD_TIMEOUT = 180_000;
const TEST_TIMEOUT = 300_000;

let browser: Browser;
let key: string;
const pageErrors: string[] = [];
const uploaded: Array<{ id: string; title: string }> = [];

const asOwner = () => ownerPage(browser, BASE, pageErrors);

/**
 * A 1600 px product shot that fails Amazon MAIN in a way a Fix can repair: a dark product on an off-white
 * (250) background with a grey (244) shadow band under it. Trim-and-pad keeps the band (it is more than
 * 10 levels from white), so the rendition's background is not pure white and the product fills less than
 * 85 %; whitening the near-white background connected to the edge removes the band, and trimming to the
 * product then fills the frame. (Checked with the builder: before ≈ 56 % white / 78 % fill, after 100 % / 90 %.)
 */
async function productShot(colour: string) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1600">
    <rect width="100%" height="100%" fill="rgb(250,250,250)"/>
    <ellipse cx="800" cy="1400" rx="560" ry="150" fill="rgb(244,244,244)"/>
    <rect x="480" y="160" width="640" height="1240" rx="40" fill="${colour}"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 95, chromaSubsampling: "4:4:4" }).toBuffer();
}

async function upload(buf: Buffer, filename: string) {
  const fd = new FormData();
  fd.append("file", new Blob([new Uint8Array(buf)], { type: "image/jpeg" }), filename);
  const res = await fetch(`${BASE}/api/v1/assets`, { method: "POST", headers: { Authorization: `Bearer ${key}` }, body: fd });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { asset: { id: string; title: string } };
  // Wait for ingest, which also queues the shop's eager channel renditions.
  await expect
    .poll(
      async () => {
        const a = (await (await fetch(`${BASE}/api/v1/assets/${body.asset.id}`, { headers: { Authorization: `Bearer ${key}` } })).json()) as { latestVersion: { processing: string } };
        return a.latestVersion.processing;
      },
      { timeout: 60_000, interval: 500 },
    )
    .toBe("ready");
  uploaded.push(body.asset);
  return body.asset;
}

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ARGS });
  key = (await readFile(path.join(DATA, "demo-api-key"), "utf8")).trim();
});
afterAll(async () => {
  // Archive what this file uploaded: later files pick "the newest draft image" and must not get these.
  if (browser && uploaded.length) {
    const { ctx, page } = await asOwner();
    for (const a of uploaded) expect((await page.request.post(`${BASE}/app/assets/${a.id}`, { form: { intent: "archive" } })).ok()).toBe(true);
    await ctx.close();
  }
  await browser?.close();
});

describe("channel compliance in the demo", () => {
  it("Settings lists the channel presets and the owner builds Amazon MAIN for every new version", async () => {
    const { ctx, page } = await asOwner();
    await page.goto(`${BASE}/app/settings`, { waitUntil: "networkidle" });
    await hydrated(page);
    await page.getByRole("heading", { name: "Channel presets" }).waitFor();
    const row = page.getByRole("row").filter({ has: page.locator('[data-testid=preset-row][data-preset="amazon.main"]') });
    await row.getByText("2000×2000").waitFor();
    await row.getByText("Trim to product, pad to fill").waitFor();
    await row.getByText("10 MB").waitFor();
    await row.getByText("85%").waitFor();
    const eager = page.getByRole("checkbox", { name: "Build Amazon MAIN image for every new version" });
    // Off by default unless an Amazon account is linked (another test file may have linked one).
    const before = await eager.isChecked();
    await row.getByText(before ? "On · default" : "Off · default").waitFor();
    await eager.click();
    await row.getByText(before ? "Off" : "On", { exact: true }).waitFor();
    if (before) {
      await eager.click();
      await row.getByText("On", { exact: true }).waitFor();
    }
    expect(await eager.isChecked()).toBe(true);
    await row.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, "c1-settings-presets.png") });

    // The settings are the server's: a reload shows the shop's value, no longer the default.
    await page.reload({ waitUntil: "networkidle" });
    await hydrated(page);
    await row.getByText("On", { exact: true }).waitFor();

    // A custom preset: the server's validation shows next to the fields, then it is added and deleted.
    await page.getByRole("button", { name: "Add custom preset" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("textbox", { name: /^Id/ }).fill("Bad Id");
    await dialog.getByRole("textbox", { name: "Name" }).fill("E2E square");
    await dialog.getByLabel("Based on").selectOption("tiktok.main");
    await dialog.getByRole("spinbutton", { name: /^Width/ }).fill("5");
    await dialog.getByRole("button", { name: "Add preset" }).click();
    await dialog.getByText("Use lower-case letters, digits and dashes (at most 31), e.g. lazada.").waitFor();
    await dialog.getByText("Use a whole number from 16 to 10000 px.").waitFor();
    await page.screenshot({ path: path.join(SHOTS, "c1-settings-custom-preset-errors.png") });
    await dialog.getByRole("textbox", { name: /^Id/ }).fill("e2e-square");
    await dialog.getByRole("spinbutton", { name: /^Width/ }).fill("1000");
    await dialog.getByRole("spinbutton", { name: /^Height/ }).fill("1000");
    await dialog.getByRole("button", { name: "Add preset" }).click();
    const custom = page.getByRole("row").filter({ has: page.locator('[data-testid=preset-row][data-preset="custom.e2e-square"]') });
    await custom.getByText("1000×1000").waitFor();
    await custom.getByText("based on tiktok.main", { exact: false }).waitFor();
    await custom.getByRole("button", { name: "Delete E2E square" }).click();
    await custom.waitFor({ state: "detached" });
    await ctx.close();
  });

  it("the asset page shows Amazon MAIN failing with measured findings; Fix shows before and after", async () => {
    const asset = await upload(await productShot("rgb(32,48,96)"), `e2e-navy-bottle-${Date.now()}.jpg`);
    const { ctx, page } = await asOwner();
    await page.goto(`${BASE}/app/assets/${asset.id}`, { waitUntil: "networkidle" });
    await hydrated(page);
    await page.getByRole("heading", { name: "Channels" }).waitFor();
    const tile = page.locator('[data-testid=channel-check][data-preset="amazon.main"]');
    await tile.scrollIntoViewIfNeeded();
    // The page polls while the rendition builds.
    await page.locator('[data-testid=channel-check][data-preset="amazon.main"][data-state=ready]').waitFor({ timeout: BUILD_TIMEOUT });
    expect(await tile.getAttribute("data-verdict")).toBe("fail");
    await tile.getByText("Fails", { exact: true }).waitFor();
    await tile.getByText(/^Background \d+\.\d% pure white \(needs 100%\)\.$/).waitFor();
    await tile.getByText(/^Product fills \d+\.\d% of the frame \(needs ≥ 85\.0%\)\.$/).waitFor();
    await tile.getByText(/^\d+ KB of 10\.0 MB\.$/).waitFor();
    // Blocking findings come first.
    const severities = await tile.locator("[data-severity]").evaluateAll((els) => els.map((e) => e.getAttribute("data-severity")));
    expect(severities.indexOf("info")).toBeGreaterThan(severities.lastIndexOf("block"));
    // The Shopify tile is there too (built for every shop), framed square.
    await page.locator('[data-testid=channel-check][data-preset="shopify.product"][data-state=ready]').waitFor({ timeout: BUILD_TIMEOUT });
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>("[data-testid=channel-check] img")].every((i) => i.complete && i.naturalWidth > 0));
    await page.screenshot({ path: path.join(SHOTS, "c2-asset-channels-fail.png") });

    await tile.screenshot({ path: path.join(SHOTS, "c2-amazon-tile-fail.png") });

    // A channel the shop does not build for every new version is built when asked.
    await page.getByRole("button", { name: /^Other channels/ }).click();
    const tiktok = page.locator('[data-testid=channel-check][data-preset="tiktok.main"]');
    await tiktok.getByRole("button", { name: "Build" }).click();
    await page.locator('[data-testid=channel-check][data-preset="tiktok.main"][data-state=ready]').waitFor({ timeout: 60_000 });
    expect(["pass", "warn", "fail"]).toContain(await tiktok.getAttribute("data-verdict"));
    await tiktok.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, "c2-other-channels-built.png") });

    await tile.getByText("Fix will whiten the background and trim and pad the product to fill the frame.").waitFor();
    await tile.getByRole("button", { name: "Fix for Amazon MAIN image" }).click();
    await tile.getByTestId("fix-pair").waitFor({ timeout: 60_000 });
    await tile.locator("[data-testid=fix-before][data-verdict=fail]").waitFor();
    await tile.locator("[data-testid=fix-after][data-verdict=pass]").waitFor();
    expect(await tile.getAttribute("data-verdict")).toBe("pass");
    await tile.getByText(/background whitened to pure white; product trimmed and padded to fill \d+% — by Demo owner/).waitFor();
    await tile.getByText(/^Background 100\.0% pure white\.$/).waitFor();
    expect(await tile.getByRole("button", { name: "Fix for Amazon MAIN image" }).count()).toBe(0);
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>("[data-testid=fix-pair] img")].every((i) => i.complete && i.naturalWidth > 0));
    await tile.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, "c3-asset-fixed-before-after.png") });
    await tile.screenshot({ path: path.join(SHOTS, "c3-amazon-tile-fixed.png") });

    // What the channel receives now is the fixed image.
    const src = await tile.locator("[data-testid=fix-pair] img").nth(1).getAttribute("src");
    const meta = await sharp(Buffer.from(await (await fetch(new URL(src!, BASE))).arrayBuffer())).metadata();
    expect(meta.format).toBe("jpeg");
    expect(meta.width).toBe(meta.height);
    await ctx.close();
  }, TEST_TIMEOUT);

  it("Compliance lists a failing image for Amazon MAIN and fixes the selection", async () => {
    const asset = await upload(await productShot("rgb(120,24,32)"), `e2e-red-bottle-${Date.now()}.jpg`);
    const { ctx, page } = await asOwner();
    const row = page.getByRole("row").filter({ hasText: asset.title });
    // Listed once its eager rendition is built (ingest queued it).
    await expect
      .poll(
        async () => {
          await page.goto(`${BASE}/app/compliance?preset=amazon.main`, { waitUntil: "networkidle" });
          return row.count();
        },
        { timeout: BUILD_TIMEOUT, interval: 2000 },
      )
      .toBe(1);
    await hydrated(page);
    await page.getByRole("tab", { name: /Amazon MAIN image/ }).waitFor();
    await page.getByTestId("count-fail").getByText(/^\d+ fail$/).waitFor();
    await row.getByText(/^Background \d+\.\d% pure white \(needs 100%\)\.$/).waitFor();
    await row.getByText("Fixable").waitFor();
    // The image fixed on its asset page passes now, so it is not listed.
    expect(await page.getByRole("row").filter({ hasText: uploaded[0]!.title }).count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, "c4-compliance-failing.png") });

    await row.getByRole("checkbox").check();
    await page.getByRole("button", { name: /^Fix selected/ }).click();
    await page.getByText("1 image fixed").waitFor();
    await page.screenshot({ path: path.join(SHOTS, "c5-compliance-bulk-fixed.png") });
    // Rebuilt by the job queue; the page follows it and the row leaves the list.
    await row.waitFor({ state: "detached", timeout: BUILD_TIMEOUT });
    await ctx.close();
  }, TEST_TIMEOUT);

  it("the owner resets Amazon MAIN to its default; a viewer sees the presets read-only", async () => {
    const { ctx, page } = await asOwner();
    await page.goto(`${BASE}/app/settings`, { waitUntil: "networkidle" });
    await hydrated(page);
    const row = page.getByRole("row").filter({ has: page.locator('[data-testid=preset-row][data-preset="amazon.main"]') });
    await row.getByRole("button", { name: "Reset Amazon MAIN image" }).click();
    await row.getByText(/· default$/).waitFor();
    await ctx.close();

    // Everyone else reads the presets but cannot change them.
    const viewer = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    await viewer.addCookies([{ name: "assetline_demo_user", value: "jp-viewer", url: BASE }]);
    const v = await viewer.newPage();
    v.on("pageerror", (e) => pageErrors.push(e.message));
    await v.goto(`${BASE}/app/settings`, { waitUntil: "networkidle" });
    await v.getByText("Presets are managed by shop admins; you can see them here.").waitFor();
    expect(await v.getByRole("checkbox", { name: "Build Amazon MAIN image for every new version" }).isDisabled()).toBe(true);
    expect(await v.getByRole("button", { name: "Add custom preset" }).count()).toBe(0);
    expect(await v.getByRole("button", { name: /^Edit / }).count()).toBe(0);
    await viewer.close();
    expect(pageErrors).toEqual([]);
  });
});
