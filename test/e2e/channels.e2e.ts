// Channels in the demo, in a real browser: the owner installs the app on the sandbox store (Shopify's
// install screen) and connects Amazon and TikTok Shop through their consent pages; every account's
// catalogue is imported and the Listings page shows the listings with their images. A viewer cannot
// connect anything.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";

const BASE = inject("baseUrl");
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const SHOTS = path.resolve("test-results/e2e");

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ARGS });
});
afterAll(async () => browser?.close());

async function asUser(handle: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await ctx.addCookies([{ name: "assetline_demo_user", value: handle, url: BASE }]);
  return ctx.newPage();
}

describe("channels in the demo", () => {
  it("connects the store, Amazon and TikTok Shop through their consent pages and browses every channel's listings with images", async () => {
    const page = await asUser("owner");
    await page.goto(`${BASE}/app/channels`, { waitUntil: "networkidle" });

    for (const [button, back] of [["Connect Shopify store", "shopify"], ["Connect TikTok Shop", "tiktok"], ["Connect Amazon", "amazon"]] as const) {
      await page.locator("html[data-hydrated=true]").waitFor({ state: "attached" });
      // The demo has one store: another browser file (sync.e2e) may have installed the app on it already,
      // and then the page offers no second install.
      if (back === "shopify" && (await page.getByRole("button", { name: button }).count()) === 0) {
        expect(await page.getByRole("row").filter({ hasText: "Shopify" }).count()).toBeGreaterThan(0);
        continue;
      }
      await page.getByRole("button", { name: button }).click();
      await page.waitForURL((u) => !u.toString().startsWith(BASE));
      await page.getByRole("button", { name: "Approve" }).waitFor();
      await page.screenshot({ path: path.join(SHOTS, `ch-consent-${back}.png`) });
      await page.getByRole("button", { name: "Approve" }).click();
      await page.waitForURL(`${BASE}/app/channels?connected=${back}`);
      await page.getByText("Account connected").waitFor();
    }

    // Each account's catalogue arrives through its catalogue.import job.
    const rows = page.getByRole("row");
    for (const channel of ["Shopify", "Amazon · NA", "TikTok Shop · ROW"]) {
      await expect
        .poll(async () => {
          await page.reload({ waitUntil: "networkidle" });
          const row = rows.filter({ hasText: channel }).first();
          return Number((await row.getByRole("link").first().textContent()) ?? "0");
        }, { timeout: 60_000, interval: 1500 })
        .toBeGreaterThan(100);
    }
    await page.screenshot({ path: path.join(SHOTS, "ch-accounts.png") });

    for (const channel of ["amazon", "tiktok", "shopify"]) {
      await page.goto(`${BASE}/app/listings?channel=${channel}`, { waitUntil: "networkidle" });
      const thumbs = page.locator("img");
      await expect.poll(() => thumbs.count(), { timeout: 20_000 }).toBeGreaterThan(5);
      await page.waitForFunction(() => [...document.images].slice(0, 6).every((i) => i.complete && i.naturalWidth > 0), undefined, { timeout: 20_000 });
      await page.screenshot({ path: path.join(SHOTS, `ch-listings-${channel}.png`) });
    }
    await page.goto(`${BASE}/app/listings`, { waitUntil: "networkidle" });
    await page.getByLabel("Search").fill("Seeded product 12");
    await page.getByText("Seeded product 12", { exact: true }).first().waitFor();
    await page.context().close();
  });

  it("a viewer sees the accounts but cannot connect or disconnect", async () => {
    const page = await asUser("jp-viewer");
    await page.goto(`${BASE}/app/channels`, { waitUntil: "networkidle" });
    await page.getByText("(Shopify sandbox)").waitFor();
    expect(await page.getByRole("button", { name: "Connect Amazon" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Disconnect" }).count()).toBe(0);
    await page.context().close();
  });
});
