// Library search in the browser (issue #7): type a query into the library's search field → results, the
// count and a chip for what was understood; remove the chip; narrow by a facet value and see the count
// match the results; a Chinese query; no results → clear. Then the same form without JavaScript (a GET
// form). Screenshots go to test-results/e2e/. Waits on elements and states, never on fixed sleeps.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";

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
const PAGE_SIZE = 48;

let browser: Browser;
let ctx: BrowserContext;
let page: Page;
const pageErrors: string[] = [];
const failedRequests: string[] = [];

async function shot(p: Page, name: string, focus?: Locator) {
  if (focus) await focus.scrollIntoViewIfNeeded();
  await p.screenshot({ path: path.join(SHOTS, `search-${name}.png`) });
}

beforeAll(async () => {
  await mkdir(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
  ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await ctx.addCookies([{ name: "assetline_demo_user", value: "owner", url: BASE }]);
  page = await ctx.newPage();
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

const tiles = (p: Page) => p.locator("[data-testid=asset-tile]");
const total = async (p: Page) => Number(await p.locator("[data-testid=search-total]").getAttribute("data-total"));
const searchBox = (p: Page) => p.getByRole("searchbox", { name: "Search the library" });

/** Submit a query through the search field and wait for the page at its address. */
async function search(p: Page, q: string) {
  await searchBox(p).fill(q);
  await searchBox(p).press("Enter");
  await p.waitForURL((u) => u.searchParams.get("q") === q);
  await p.locator(`[data-testid=search-total][data-q=${JSON.stringify(q)}]`).waitFor(); // rendered for this query, not the last
}

/** The results on screen agree with the count: a full first page, or all of them. */
async function expectCountMatchesTiles(p: Page) {
  const n = await total(p);
  await expect.poll(() => tiles(p).count()).toBe(Math.min(n, PAGE_SIZE));
  return n;
}

describe("Library search in the browser", () => {
  it("searches, shows chips and facets, narrows by a facet, and works without JavaScript", async () => {
    try {
      await walkThrough();
    } catch (err) {
      await page
        .screenshot({
          path: path.join(SHOTS, "search-failure.png"),
          fullPage: true,
        })
        .catch(() => {});
      throw err;
    }
  });
});

async function walkThrough() {
  // The demo library is seeded in the background after start-up: wait until all of it is there, so the
  // counts below do not move while the test reads them.
  const started = Date.now();
  for (;;) {
    await page.goto(`${BASE}/app`, { waitUntil: "domcontentloaded" });
    await page.getByRole("heading", { name: "Library", level: 1 }).waitFor();
    if ((await page.locator("#library-panel").getAttribute("data-seeding")) === "false") break;
    if (Date.now() - started > 90_000) throw new Error("The demo library was not seeded within 90 s.");
    await page.waitForTimeout(1000);
  }
  console.log(`[search e2e] demo library seeded after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await page.locator("html[data-hydrated=true]").waitFor({ state: "attached" });

  // 1. "sneaker photos": the seeded sneakers, with "photos" understood as a chip (Type: image).
  await search(page, "sneaker photos");
  const sneakers = await expectCountMatchesTiles(page);
  expect(sneakers).toBeGreaterThan(0);
  for (const title of await tiles(page).locator(".al-tile__title").allInnerTexts()) expect(title.toLowerCase()).toContain("sneaker");
  const chip = page.locator("[data-testid=search-chip][data-key='kinds:image']");
  await expect.poll(() => chip.innerText()).toContain("Type: image");
  await shot(page, "results", page.locator("[data-testid=search-total]"));

  // 2. Remove the chip: the query loses the word, the sneakers stay (they are all images).
  await chip.getByRole("button").click();
  await page.waitForURL((u) => u.searchParams.get("q") === "sneaker");
  await chip.waitFor({ state: "detached" });
  await expect.poll(() => total(page)).toBe(sneakers);
  await expect(searchBox(page).inputValue()).resolves.toBe("sneaker");

  // 3. A facet value: its count is the number of results once it is chosen.
  const market = page.locator("[data-testid=facet-value][data-facet=market]").first();
  const value = (await market.getAttribute("data-value"))!;
  const count = Number(await market.getAttribute("data-count"));
  expect(count).toBeGreaterThan(0);
  await market.getByRole("link").click();
  await page.waitForURL((u) => (u.searchParams.get("markets") ?? "").split(",").includes(value));
  await expect.poll(() => total(page)).toBe(count);
  await expectCountMatchesTiles(page);
  await page.locator(`[data-testid=facet-value][data-facet=market][data-value='${value}'][data-selected=true]`).waitFor();
  await page.locator(`[data-testid=search-chip][data-key='markets:${value}']`).waitFor();
  await shot(page, "facet", page.locator("[data-testid=facet-value][data-selected=true]").first());

  // Choosing it again widens the search back.
  await page.locator(`[data-testid=facet-value][data-facet=market][data-value='${value}']`).getByRole("link").click();
  await page.waitForURL((u) => !u.searchParams.has("markets"));
  await expect.poll(() => total(page)).toBe(sneakers);

  // 4. Chinese: the promo titles of the Chinese market (春季新品 = new for spring).
  await search(page, "春季新品");
  expect(await expectCountMatchesTiles(page)).toBeGreaterThan(0);
  for (const title of await tiles(page).locator(".al-tile__title").allInnerTexts()) expect(title).toContain("春季新品");
  await shot(page, "chinese");

  // 5. Nothing matches: say so, and offer to clear.
  await search(page, "zzqxv nothing like this");
  await page.getByText("No assets match this search").waitFor();
  await shot(page, "empty");
  await page.getByRole("link", { name: "Clear search and filters" }).click();
  await page.waitForURL((u) => !u.searchParams.has("q"));
  await expect.poll(() => tiles(page).count()).toBeGreaterThan(0);

  // 6. Find similar on an asset page: the panel asks on demand and lists matches with why (or says none).
  await search(page, "sneaker");
  await tiles(page).first().locator("a").first().click();
  await page.waitForURL((u) => u.pathname.startsWith("/app/assets/"));
  await page.locator("html[data-hydrated=true]").waitFor({ state: "attached" });
  await page.getByRole("button", { name: "Find similar" }).click();
  const similar = page.getByTestId("similar-item");
  await expect.poll(async () => (await similar.count()) > 0 || (await page.getByText("Nothing in the library looks like this image.").count()) > 0, { timeout: 20_000 }).toBe(true);
  if ((await similar.count()) > 0) {
    // The other seeded sneakers share its colours at least; the asset itself is never listed.
    const self = new URL(page.url()).pathname;
    for (const href of await similar.evaluateAll((els) => els.map((e) => e.getAttribute("href")))) expect(href).not.toBe(self);
  }
  await shot(page, "similar");

  expect(pageErrors, "uncaught errors in the page").toEqual([]);
  expect(failedRequests, "failed requests").toEqual([]);

  // 7. Without JavaScript: the search field is a GET form, the facet values are links.
  const noJs = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    javaScriptEnabled: false,
  });
  await noJs.addCookies([{ name: "assetline_demo_user", value: "owner", url: BASE }]);
  const plain = await noJs.newPage();
  plain.setDefaultTimeout(20_000);
  await plain.goto(`${BASE}/app`);
  await search(plain, "sneaker");
  expect(await expectCountMatchesTiles(plain)).toBe(sneakers);
  const kind = plain.locator("[data-testid=facet-value][data-facet=kind]").first();
  const kindCount = Number(await kind.getAttribute("data-count"));
  await kind.getByRole("link").click();
  await plain.waitForURL((u) => u.searchParams.has("kinds") && u.searchParams.get("q") === "sneaker");
  expect(await total(plain)).toBe(kindCount);
  await shot(plain, "no-js");
  await noJs.close();
}
