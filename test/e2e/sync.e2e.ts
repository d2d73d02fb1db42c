// The sync engine in the demo, in a real browser (issue #6): the owner approves a seeded image, opens its
// page, presses "Place on listings", picks two Shopify listings in the swap flow, puts the image in the
// main slot, previews and applies; the Sync page follows the batch until every placement is live on the
// Shopify sandbox (the worker publishes it), and the asset's usage map shows both listings live.
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";
import { hydrated, ownerPage } from "./support/pages";

const BASE = inject("baseUrl");
const DATA = inject("dataDir");
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const SHOTS = path.resolve("test-results/e2e");
const LIVE_TIMEOUT = 60_000;

interface ApiAsset {
  id: string;
  title: string;
  kind: string;
  archived: boolean;
  liveVersionId: string | null;
  rights: unknown;
  latestVersion: { id: string; number: number; state: string; processing: string } | null;
}

let browser: Browser;
let key: string;
const pageErrors: string[] = [];

const api = async <T>(p: string, init: RequestInit = {}): Promise<T> => {
  const res = await fetch(`${BASE}${p}`, { ...init, headers: { Authorization: `Bearer ${key}`, ...(init.headers ?? {}) } });
  expect(res.ok, `${init.method ?? "GET"} ${p} → ${res.status} ${await res.clone().text()}`).toBe(true);
  return (await res.json()) as T;
};

const asOwner = () => ownerPage(browser, BASE, pageErrors);

/** A seeded image nobody else uses: processed, no rights recorded, not archived, its v1 still a draft. */
async function seededImage(): Promise<ApiAsset> {
  let items: ApiAsset[] = [];
  await expect
    .poll(
      async () => {
        items = (await api<{ items: ApiAsset[] }>("/api/v1/assets?kind=image&limit=100")).items;
        return items.filter((a) => a.latestVersion?.processing === "ready").length;
      },
      { timeout: 90_000, interval: 1000 },
    )
    .toBeGreaterThanOrEqual(20);
  const fresh = items.filter((a) => a.kind === "image" && !a.archived && !a.rights && a.latestVersion?.processing === "ready" && a.latestVersion.state === "draft");
  // Not one an earlier test placed (as a draft it is placed, pinned to nothing, until approved).
  for (const a of fresh.reverse()) if (!(await api<{ items: unknown[] }>(`/api/v1/assets/${a.id}/usage`)).items.length) return a;
  throw new Error("no unused seeded image left");
}

/** The demo store linked (through its install screen) with its catalogue imported, unless a test did already. */
async function linkShopify(page: Page) {
  const accounts = () => api<{ items: Array<{ channel: string; status: string; listings: number }> }>("/api/v1/accounts");
  if (!(await accounts()).items.some((a) => a.channel === "shopify" && a.status === "active")) {
    await page.goto(`${BASE}/app/channels`, { waitUntil: "networkidle" });
    await hydrated(page);
    await page.getByRole("button", { name: "Connect Shopify store" }).click();
    await page.waitForURL((u) => !u.toString().startsWith(BASE));
    await page.getByRole("button", { name: "Approve" }).click();
    await page.waitForURL(`${BASE}/app/channels?connected=shopify`);
  }
  await expect
    .poll(async () => (await accounts()).items.find((a) => a.channel === "shopify" && a.status === "active")?.listings ?? 0, { timeout: 60_000, interval: 1000 })
    .toBeGreaterThan(10);
}

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ARGS });
  key = (await readFile(path.join(DATA, "demo-api-key"), "utf8")).trim();
});
afterAll(async () => browser?.close());

describe("placing an image on listings in the demo", () => {
  it("swaps a seeded image into the main slot of two Shopify listings and follows it live", async () => {
    const { ctx, page } = await asOwner();
    try {
      await linkShopify(page);
      const asset = await seededImage();
      await api(`/api/v1/assets/${asset.id}/versions/${asset.latestVersion!.id}/approve`, { method: "POST" });
      expect((await api<ApiAsset>(`/api/v1/assets/${asset.id}`)).liveVersionId).toBe(asset.latestVersion!.id);

      // The asset page: not used anywhere yet.
      await page.goto(`${BASE}/app/assets/${asset.id}`, { waitUntil: "networkidle" });
      await hydrated(page);
      await page.getByRole("heading", { name: "Where it's used" }).waitFor();
      await page.getByText("Not placed on any listing yet").waitFor();
      await page.getByRole("link", { name: "Place on listings" }).click();

      // 1. Listings: Shopify only, tick two.
      await page.waitForURL((u) => u.pathname === "/app/swap" && u.searchParams.get("asset") === asset.id);
      await hydrated(page);
      await page.getByTestId("chosen-asset").getByText(asset.title).waitFor();
      await page.getByLabel("Channel").selectOption("shopify");
      await page.waitForURL((u) => u.searchParams.get("channel") === "shopify");
      const boxes = page.getByRole("checkbox", { name: /^Select .+ \(Shopify\)$/ });
      await expect.poll(() => boxes.count()).toBeGreaterThan(5);
      expect(await page.getByRole("checkbox", { name: /\((Amazon|TikTok Shop)/ }).count()).toBe(0);
      const titles: string[] = [];
      // Not the first three: the demo places its sample packshot in their main slot once the catalogue
      // import ends, which may be while this test runs (it would take these placements' slot).
      for (const i of [3, 4]) {
        const box = boxes.nth(i);
        titles.push(await labelOf(page, box));
        await box.check();
      }
      await page.getByTestId("selected-count").getByText("2 listings selected").waitFor();
      await page.waitForFunction(() => [...document.images].slice(0, 6).every((i) => i.complete && i.naturalWidth > 0), undefined, { timeout: 20_000 });
      await page.screenshot({ path: path.join(SHOTS, "s1-swap-listings.png") });
      await page.getByRole("button", { name: "Next: choose the asset" }).click();

      // 2. The asset (preselected) and the slot.
      await page.waitForURL((u) => u.searchParams.get("step") === "asset" && u.searchParams.getAll("l").length === 2);
      await page.getByTestId("chosen-asset").getByText(asset.title).waitFor();
      const slot = page.getByLabel("Slot");
      expect(await slot.locator("option").first().textContent()).toBe("Main image");
      await slot.selectOption("main");
      await page.screenshot({ path: path.join(SHOTS, "s2-swap-asset-slot.png") });
      await page.getByRole("button", { name: "Next: preview" }).click();

      // 3. Preview: both galleries with the image in the main slot; Apply.
      await page.waitForURL((u) => u.searchParams.get("step") === "preview");
      const previews = page.getByTestId("swap-preview");
      await expect.poll(() => previews.count()).toBe(2);
      for (const t of titles) await previews.filter({ hasText: t }).getByTestId("gallery-new").getByText("Main image").waitFor();
      await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>("[data-testid=swap-preview] img")].every((i) => i.complete && i.naturalWidth > 0), undefined, { timeout: 20_000 });
      await page.screenshot({ path: path.join(SHOTS, "s3-swap-preview.png"), fullPage: true });
      await page.getByRole("button", { name: "Apply to 2 listings" }).click();

      // The Sync page follows the batch until both placements are live on the Shopify sandbox.
      await page.waitForURL((u) => u.pathname === "/app/sync" && !!u.searchParams.get("batch"));
      const batchId = new URL(page.url()).searchParams.get("batch")!;
      const batch = page.locator(`[data-testid=batch][data-batch="${batchId}"]`);
      await batch.waitFor();
      expect(await batch.getAttribute("data-total")).toBe("2");
      await page.screenshot({ path: path.join(SHOTS, "s4-sync-running.png") });
      try {
        await page.locator(`[data-testid=batch][data-batch="${batchId}"][data-live="2"][data-finished=true]`).waitFor({ timeout: LIVE_TIMEOUT });
      } catch (err) {
        await page.screenshot({ path: path.join(SHOTS, "s4-sync-failure.png"), fullPage: true });
        const problems = await page.getByTestId("problem").allInnerTexts();
        throw new Error(`The batch did not reach 2 live within ${LIVE_TIMEOUT / 1000} s: ${await batch.innerText()}\nNeeds attention: ${problems.join(" | ") || "none"}`, { cause: err });
      }
      await batch.getByText("2 of 2 done · 100%").waitFor();
      await batch.getByText("2 live").waitFor();
      await page.screenshot({ path: path.join(SHOTS, "s5-sync-live.png") });

      // The usage map: both listings, main slot, live, v1.
      await page.goto(`${BASE}/app/assets/${asset.id}`, { waitUntil: "networkidle" });
      await hydrated(page);
      const rows = page.getByTestId("usage-row");
      await expect.poll(() => rows.count()).toBe(2);
      for (const t of titles) {
        const row = rows.filter({ hasText: t });
        await row.getByText("Live", { exact: true }).waitFor();
        await row.getByText("Main image").waitFor();
        await row.getByText(/^v1 live · Follows latest approved · Synced /).waitFor();
        expect(await row.getAttribute("data-state")).toBe("live");
      }
      await rows.first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS, "s6-usage-map.png") });

      // The listing as the channel shows it now: our image in the main slot.
      await rows.first().getByRole("link").first().click();
      await page.waitForURL((u) => u.pathname.startsWith("/app/sync/listings/"));
      await page.getByText(`Ours: ${asset.title}`).waitFor();
      await page.screenshot({ path: path.join(SHOTS, "s7-listing-sync.png") });
      expect(pageErrors).toEqual([]);
    } finally {
      await ctx.close();
    }
  }, 240_000);

  it("selects every listing a search matches, across pages, and applies the image to all of them", async () => {
    const { ctx, page } = await asOwner();
    try {
      await linkShopify(page);
      const asset = await seededImage();
      // "product 1" on Shopify: Seed product 1, 10–19 and 100–120 — more than one page (25) of the picker.
      const matches = 32;
      await page.goto(`${BASE}/app/swap?asset=${asset.id}&channel=shopify&q=${encodeURIComponent("product 1")}`, { waitUntil: "networkidle" });
      await hydrated(page);
      const selectAll = page.getByTestId("select-all-matching").getByRole("button");
      await expect(selectAll.innerText()).resolves.toBe(`Select all ${matches} listings matching “product 1” on Shopify`);
      await selectAll.click();
      await page.waitForURL((u) => u.searchParams.get("match") === "1");
      await page.getByTestId("selected-count").getByText(`All ${matches} listings matching “product 1” on Shopify selected`).waitFor();
      // Every row shows as chosen; the search is fixed until the selection is cleared.
      const boxes = page.getByRole("checkbox", { name: /^Select .+ \(Shopify\)$/ });
      await expect.poll(() => boxes.count()).toBe(25);
      for (const box of await boxes.all()) {
        expect(await box.isChecked()).toBe(true);
        expect(await box.isDisabled()).toBe(true);
      }
      expect(await page.getByLabel("Search listings").isDisabled()).toBe(true);
      await page.screenshot({ path: path.join(SHOTS, "s8-swap-select-all.png") });
      // Clear, and select all again (both ways work).
      await page.getByRole("button", { name: "Clear selection" }).click();
      await page.waitForURL((u) => !u.searchParams.has("match"));
      await page.getByTestId("selected-count").getByText("No listing selected").waitFor();
      await page.getByTestId("select-all-matching").getByRole("button").click();
      await page.waitForURL((u) => u.searchParams.get("match") === "1");
      await page.getByRole("button", { name: "Next: choose the asset" }).click();

      await page.waitForURL((u) => u.searchParams.get("step") === "asset" && u.searchParams.get("match") === "1" && !u.searchParams.has("l"));
      await page.getByLabel("Slot").selectOption("pos2");
      await page.waitForURL((u) => u.searchParams.get("slot") === "pos2");
      await page.getByRole("button", { name: "Next: preview" }).click();
      await page.waitForURL((u) => u.searchParams.get("step") === "preview");
      // The first twenty galleries, and the rest counted.
      await expect.poll(() => page.getByTestId("swap-preview").count()).toBe(20);
      await page.getByText("…and 12 more listings, changed the same way.").waitFor();
      await page.getByRole("button", { name: `Apply to ${matches} listings` }).click();

      await page.waitForURL((u) => u.pathname === "/app/sync" && !!u.searchParams.get("batch"));
      const batchId = new URL(page.url()).searchParams.get("batch")!;
      const batch = page.locator(`[data-testid=batch][data-batch="${batchId}"]`);
      await batch.waitFor();
      expect(await batch.getAttribute("data-total")).toBe(String(matches));
      const placements = await api<{ items: Array<{ slot: string; channel: string; listingTitle: string }> }>(`/api/v1/placements?assetId=${asset.id}&limit=100`);
      expect(placements.items).toHaveLength(matches);
      expect(placements.items.filter((p) => p.slot === "pos2" && p.channel === "shopify" && /^Seed product 1\d*$/.test(p.listingTitle))).toHaveLength(matches);
      expect(pageErrors).toEqual([]);
    } finally {
      await ctx.close();
    }
  }, 240_000);

  it("images changed on the demo store show drifted beside ours, and are kept as the asset's new versions (asset page, Sync page)", async () => {
    const { ctx, page } = await asOwner();
    try {
      await linkShopify(page);
      const asset = await seededImage();
      await api(`/api/v1/assets/${asset.id}/versions/${asset.latestVersion!.id}/approve`, { method: "POST" });
      const titles = ["Seed product 7", "Seed product 8"]; // matched by neither test above
      const ids: string[] = [];
      for (const title of titles) {
        const found = (await api<{ items: Array<{ id: string; title: string }> }>(`/api/v1/listings?channel=shopify&q=${encodeURIComponent(title)}&limit=50`)).items.find((l) => l.title === title);
        expect(found, title).toBeTruthy();
        ids.push(found!.id);
      }
      await api("/api/v1/placements", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ assetId: asset.id, listingIds: ids, slot: "pos3" }) });
      const states = async () => (await api<{ items: Array<{ state: string }> }>(`/api/v1/assets/${asset.id}/usage`)).items.map((u) => u.state).join(",");
      await expect.poll(states, { timeout: LIVE_TIMEOUT, interval: 500 }).toBe("live,live");

      await page.goto(`${BASE}/app/assets/${asset.id}`, { waitUntil: "networkidle" });
      await hydrated(page);
      for (const title of titles) {
        await page.getByTestId("usage-row").filter({ hasText: title }).getByRole("button", { name: `Change the image of ${title} on the demo store` }).click();
        await page.getByText("The demo store's image was changed; Assetline reads the listing back").first().waitFor();
      }
      // The worker reads the products back (as after Shopify's products/update webhook) and finds them changed.
      await expect.poll(states, { timeout: LIVE_TIMEOUT, interval: 500 }).toBe("drifted,drifted");
      await page.reload({ waitUntil: "networkidle" });
      await hydrated(page);
      const compare = page.getByTestId("usage-row").filter({ hasText: titles[0] }).getByTestId("drift-compare");
      await compare.getByText("On Shopify now").waitFor();
      await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>("[data-testid=drift-compare] img")].every((i) => i.complete && i.naturalWidth > 0), undefined, { timeout: 20_000 });
      await page.screenshot({ path: path.join(SHOTS, "s9-drifted.png"), fullPage: true });
      await compare.getByRole("button", { name: "Keep theirs as a new version" }).click();
      await page.getByText("The channel's image is kept as version 2 (a draft); Assetline no longer manages that slot").waitFor();
      await expect.poll(() => page.getByTestId("usage-row").count()).toBe(1);

      // The other from the Sync page's "Needs attention" list.
      await page.goto(`${BASE}/app/sync`, { waitUntil: "networkidle" });
      await hydrated(page);
      const problem = page.getByTestId("problem").filter({ hasText: titles[1]! }).filter({ hasText: asset.title });
      expect(await problem.getAttribute("data-state")).toBe("drifted");
      await problem.getByRole("button", { name: `Keep the Shopify image of ${titles[1]} as a new version of ${asset.title}` }).click();
      await page.getByText("The channel's image is kept as version 3 (a draft); Assetline no longer manages that slot").waitFor();

      // The slots are Shopify's again, and the library holds their images as v2 and v3, drafts awaiting approval.
      await page.goto(`${BASE}/app/assets/${asset.id}`, { waitUntil: "networkidle" });
      await page.getByText("Not placed on any listing yet").waitFor();
      const after = await api<ApiAsset>(`/api/v1/assets/${asset.id}`);
      expect(after.latestVersion).toMatchObject({ number: 3, state: "draft" });
      expect(after.liveVersionId).toBe(asset.latestVersion!.id);
      await page.screenshot({ path: path.join(SHOTS, "s10-kept-as-version.png"), fullPage: true });
      expect(pageErrors).toEqual([]);
    } finally {
      await ctx.close();
    }
  }, 240_000);
});

/** The listing title in a picker checkbox's (visually hidden) label, "Select <title> (Shopify)". */
async function labelOf(page: Page, box: ReturnType<Page["getByRole"]>): Promise<string> {
  const id = await box.getAttribute("id");
  const text = await page.locator(`label[for="${id}"]`).innerText();
  const title = /^Select (.+) \(Shopify\)$/.exec(text)?.[1];
  expect(title, `checkbox label “${text}”`).toBeTruthy();
  return title!;
}
