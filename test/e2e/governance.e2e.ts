// Governance in the demo, in a real browser: the US merchandiser sees only US and global assets; a
// version goes through a two-step approval chain decided by two people; a preview-only share link opens
// in a fresh (private) browser context and shows watermarked previews only.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import sharp from "sharp";

const BASE = inject("baseUrl");
const DATA = inject("dataDir");
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const SHOTS = path.resolve("test-results/e2e");

let browser: Browser;
let key: string;
type ApiAsset = { id: string; title: string; markets: string[]; latestVersion: { state: string; processing: string } | null };
let all: ApiAsset[] = [];

async function asUser(handle: string): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await ctx.addCookies([{ name: "assetline_demo_user", value: handle, url: BASE }]);
  return { ctx, page: await ctx.newPage() };
}

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ARGS });
  key = (await readFile(path.join(DATA, "demo-api-key"), "utf8")).trim();
  // Wait for the demo seed to finish and be processed, then take the ground truth from the API.
  for (let i = 0; i < 120; i++) {
    const res = (await (await fetch(`${BASE}/api/v1/assets?limit=200`, { headers: { Authorization: `Bearer ${key}` } })).json()) as { items: ApiAsset[] };
    all = res.items;
    if (all.length >= 50 && all.every((a) => a.latestVersion?.processing !== "pending")) break;
    await new Promise((r) => setTimeout(r, 500));
  }
});
afterAll(async () => browser?.close());

describe("governance in the demo", () => {
  it("the US merchandiser sees only US and global assets", async () => {
    const expected = all.filter((a) => a.markets.length === 0 || a.markets.includes("US"));
    const hidden = all.filter((a) => a.markets.length > 0 && !a.markets.includes("US"));
    expect(hidden.length).toBeGreaterThan(0); // the seed has assets for other markets only
    const { ctx, page } = await asUser("us-merch");
    await page.goto(`${BASE}/app?view=list&limit=200`, { waitUntil: "networkidle" });
    await page.getByText("Maya Chen — US merchandiser").first().waitFor();
    for (const a of hidden.slice(0, 3)) expect(await page.getByText(a.title, { exact: true }).count()).toBe(0);
    for (const a of expected.slice(0, 3)) await page.getByText(a.title, { exact: true }).first().waitFor();
    const res = await page.request.get(`${BASE}/app/assets/${hidden[0]!.id}`);
    expect(res.status()).toBe(404);
    await page.screenshot({ path: path.join(SHOTS, "g1-us-merchandiser.png") });
    await ctx.close();
  });

  it("a version goes through a two-step chain: Lukas (any reviewer) then the owner (named), each told in the inbox", async () => {
    const owner = await asUser("owner");
    await owner.page.goto(`${BASE}/app/members`, { waitUntil: "networkidle" });
    await owner.page.getByLabel("Chain name").fill("E2E sign-off");
    const steps = owner.page.getByTestId("chain-step");
    await steps.nth(0).getByLabel("Step", { exact: true }).fill("Brand");
    await steps.nth(1).getByLabel("Step", { exact: true }).fill("Compliance");
    await steps.nth(1).getByLabel("Decided by").selectOption("members");
    await steps.nth(1).getByLabel("Demo owner (admin)").check();
    await owner.page.screenshot({ path: path.join(SHOTS, "g2-chain-editor.png") });
    await owner.page.getByRole("button", { name: "Create chain" }).click();
    await owner.page.getByText("E2E sign-off — all images").waitFor();
    await owner.page.getByText("Brand (reviewer) → Compliance (Demo owner)").waitFor();
    try {
      const target = all.find((a) => (a.markets.length === 0 || a.markets.includes("EU")) && a.latestVersion?.state === "draft")!;
      await owner.page.goto(`${BASE}/app/assets/${target.id}`, { waitUntil: "networkidle" });
      await owner.page.getByRole("button", { name: "More actions" }).click();
      await owner.page.getByRole("button", { name: "Submit for review", exact: true }).click();
      await owner.page.getByText("submitted for review").first().waitFor();
      await owner.page.screenshot({ path: path.join(SHOTS, "g2-submitted.png") });

      const lukas = await asUser("eu-review");
      await lukas.page.goto(`${BASE}/app/inbox`, { waitUntil: "networkidle" });
      await lukas.page.getByTestId("notification").filter({ hasText: `“${target.title}” v1 waits for your review` }).first().waitFor();
      const card = lukas.page.getByTestId("inbox-item").filter({ hasText: target.title });
      await card.getByText("step 1 of 2: Brand").waitFor();
      await card.getByRole("button", { name: "Approve" }).click();
      await lukas.page.getByText("approved at this step").waitFor();
      await lukas.page.screenshot({ path: path.join(SHOTS, "g2-brand-approved.png") });
      await lukas.ctx.close();

      await owner.page.goto(`${BASE}/app/inbox`, { waitUntil: "networkidle" });
      await owner.page.getByTestId("notification").filter({ hasText: `“${target.title}” v1 waits for your review` }).first().waitFor();
      await owner.page.screenshot({ path: path.join(SHOTS, "g2-owner-inbox.png") });
      const mine = owner.page.getByTestId("inbox-item").filter({ hasText: target.title });
      await mine.getByText("step 2 of 2: Compliance").waitFor();
      await mine.getByRole("button", { name: "Approve" }).click();
      await owner.page.getByText("it is live").waitFor();
      await owner.page.goto(`${BASE}/app/assets/${target.id}`, { waitUntil: "networkidle" });
      await owner.page.getByText("Live: v1").waitFor();
      await owner.page.screenshot({ path: path.join(SHOTS, "g3-live-after-chain.png") });
    } finally {
      await owner.page.goto(`${BASE}/app/members`, { waitUntil: "networkidle" });
      await owner.page.getByRole("button", { name: "Delete" }).first().click();
      await owner.page.getByText("E2E sign-off — all images").waitFor({ state: "detached" });
      await owner.ctx.close();
    }
  });

  it("an expired licence set on the asset page blocks the download", async () => {
    const { ctx, page } = await asUser("owner");
    const target = all[5]!;
    await page.goto(`${BASE}/app/assets/${target.id}`, { waitUntil: "networkidle" });
    await page.getByLabel("Licensor").fill("Studio Nord");
    await page.getByLabel("Licence until").fill("2026-01-31");
    await page.getByLabel("Territories").fill("us, EU");
    // Name a fallback image through the search picker.
    const fallback = all.find((a, i) => i !== 5 && a.title !== target.title && /white background/.test(a.title))!;
    await page.getByRole("button", { name: "Choose" }).click();
    await page.getByRole("combobox", { name: "Fallback asset" }).fill(fallback.title.slice(0, 20));
    await page.getByRole("option", { name: fallback.title }).first().click();
    await page.getByRole("button", { name: "Save rights" }).click();
    await page.getByText("Licence expired").first().waitFor();
    await page.reload({ waitUntil: "networkidle" });
    await page.getByText(fallback.title, { exact: true }).first().waitFor();
    await page.getByRole("button", { name: "Save rights" }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, "g4-licence-expired.png") });
    const versionId = (await (await fetch(`${BASE}/api/v1/assets/${target.id}`, { headers: { Authorization: `Bearer ${key}` } })).json()).latestVersionId as string;
    const res = await page.request.post(`${BASE}/app/assets/${target.id}/versions/${versionId}/download`);
    expect(res.status()).toBe(403);
    expect(((await res.json()) as { message: string }).message).toMatch(/licence ended on 2026-01-31/);
    await ctx.close();
  });

  it("a collection made from a selection is shared whole; the library zips a selection through a signed link", async () => {
    const owner = await asUser("owner");
    const page = owner.page;
    await page.goto(`${BASE}/app?view=grid`, { waitUntil: "networkidle" });
    const picks = all.slice(10, 12);
    for (const a of picks) await page.getByRole("checkbox", { name: `Select ${a.title}` }).check();
    await page.getByRole("button", { name: "Add to collection…" }).click();
    await page.getByLabel("Name of the new collection").fill("E2E picks");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await page.getByText("Collection “E2E picks” created with 2 assets").first().waitFor();

    // Download the same selection as a zip: an authenticated request for a signed link, then a download.
    for (const a of picks) await page.getByRole("checkbox", { name: `Select ${a.title}` }).check();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download", exact: true }).click()]);
    expect(download.suggestedFilename()).toMatch(/^assetline-\d{4}-\d{2}-\d{2}\.zip$/);
    const zip = await readFile((await download.path())!);
    expect(zip.subarray(0, 2).toString()).toBe("PK");

    await page.goto(`${BASE}/app/collections`, { waitUntil: "networkidle" });
    const row = page.getByRole("row").filter({ hasText: "E2E picks" });
    await row.getByText("2", { exact: true }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, "g6-collections.png") });
    await row.getByRole("link", { name: "E2E picks" }).click();
    await page.getByRole("heading", { name: "E2E picks" }).waitFor();
    for (const a of picks) await page.getByText(a.title, { exact: true }).first().waitFor();
    await page.getByRole("link", { name: "Share collection" }).click();
    await page.getByText("New link for the collection “E2E picks”").waitFor();
    await page.getByLabel("Name").fill("E2E collection link");
    await page.getByRole("button", { name: "Create link" }).click();
    await page.getByText("Link created — copy it now").waitFor();
    const url = await page.locator("code").first().innerText();
    await owner.ctx.close();

    const visitor = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const v = await visitor.newPage();
    await v.goto(url, { waitUntil: "networkidle" });
    expect(await v.locator("img[alt]").count()).toBe(2);
    await visitor.close();
  });

  it("a preview-only share link opens in a private window with watermarked previews only", async () => {
    const owner = await asUser("owner");
    const ids = all.slice(0, 2).map((a) => a.id); // (all[5] has an expired licence by now and may not be shared)
    await owner.page.goto(`${BASE}/app/shares?ids=${ids.join(",")}`, { waitUntil: "networkidle" });
    await owner.page.getByLabel("Name").fill("E2E agency preview");
    await owner.page.getByRole("button", { name: "Create link" }).click();
    await owner.page.getByText("Link created — copy it now").waitFor();
    const url = await owner.page.locator("code").first().innerText();
    await owner.ctx.close();

    const visitor = await browser.newContext({ viewport: { width: 1280, height: 900 } }); // no cookies: a private window
    const page = await visitor.newPage();
    const res = await page.goto(url, { waitUntil: "networkidle" });
    expect(res?.headers()["referrer-policy"]).toBe("no-referrer");
    await page.getByText("preview only").first().waitFor();
    const imgs = page.locator("img[alt]");
    expect(await imgs.count()).toBe(2);
    await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0));
    const src = await imgs.first().getAttribute("src");
    const img = await page.request.get(new URL(src!, url).toString());
    const meta = await sharp(await img.body()).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(800);
    expect(await page.getByRole("link", { name: "Download original" }).count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, "g5-share-preview.png") });
    await visitor.close();
  });
});
