// Library search in the browser (issue #7): type a query into the library's search field → results, the
// count and a chip for what was understood; remove the chip; narrow by a facet value and see the count
// match the results; a Chinese query; no results → clear; suggestions while typing (a filter, a tag) and
// search by an uploaded image. Then the same form without JavaScript (a GET form). Screenshots go to test-results/e2e/. Waits on elements and states, never on fixed sleeps.
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
// The field is a combobox (it suggests while typing); without JavaScript it is the same input in a GET form.
const searchBox = (p: Page) => p.getByRole("combobox", { name: "Search the library" });

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
  }, 420_000); // seeding waits up to 240 s on a busy machine, then the walk-through
});

async function walkThrough() {
  // The demo library is seeded in the background after start-up: wait until all of it is there, so the
  // counts below do not move while the test reads them.
  const started = Date.now();
  for (;;) {
    await page.goto(`${BASE}/app`, { waitUntil: "domcontentloaded", timeout: 60_000 }); // slow while the demo seeds
    await page.getByRole("heading", { name: "Library", level: 1 }).waitFor();
    if ((await page.locator("#library-panel").getAttribute("data-seeding")) === "false") break;
    if (Date.now() - started > 240_000) throw new Error("The demo library was not seeded within 240 s."); // a busy shared machine
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

  // A typo finds the sneakers and says through which word.
  await search(page, "sneakr");
  await expect.poll(() => total(page)).toBeGreaterThanOrEqual(sneakers);
  await expect(page.getByTestId("search-corrections").innerText()).resolves.toMatch(/^Including results for sneaker\b/);
  await shot(page, "typo", page.getByTestId("search-corrections"));

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

  await suggestions();
  await searchByImage();
  expect(pageErrors, "uncaught errors in the page").toEqual([]);
  // The only failure is the one asked for: a file that claims to be a PNG and is not (415).
  expect(failedRequests, "failed requests").toEqual(["415 /app/search/image"]);

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

/** Suggestions while typing: a filter completes the word and becomes a chip; a tag becomes the tag filter. */
async function suggestions() {
  await page.goto(`${BASE}/app`);
  await page.locator("html[data-hydrated=true]").waitFor({ state: "attached" });
  await search(page, "sneaker");
  const sneakers = await total(page);

  // "sneaker phot" → Type: image (photo); arrow down + Enter picks it, the page searches "sneaker photo".
  await searchBox(page).focus();
  await searchBox(page).press("End");
  await searchBox(page).pressSequentially(" phot", { delay: 30 });
  const option = page.locator("[data-testid=search-suggestion][data-key='kinds:image']");
  await option.waitFor();
  await expect(searchBox(page).getAttribute("aria-expanded")).resolves.toBe("true");
  await shot(page, "suggest-filter", page.locator("[data-testid=search-suggestions]"));
  const index = await option.evaluate((el) => [...el.parentElement!.children].indexOf(el));
  for (let i = 0; i <= index; i++) await searchBox(page).press("ArrowDown");
  await expect.poll(() => searchBox(page).getAttribute("aria-activedescendant")).toBe(await option.getAttribute("id"));
  await searchBox(page).press("Enter");
  await page.waitForURL((u) => u.searchParams.get("q") === "sneaker photo");
  await page.locator("[data-testid=search-chip][data-key='kinds:image']").waitFor();
  await expect.poll(() => total(page)).toBe(sneakers); // the demo's sneakers are all images
  await expectCountMatchesTiles(page);
  await page.locator("[data-testid=search-suggestions]").waitFor({ state: "detached" });

  // A tag by prefix, with its count: choosing it filters by the tag, and the count is the result count.
  await searchBox(page).fill("");
  await searchBox(page).pressSequentially("footw", { delay: 30 });
  const tag = page.locator("[data-testid=search-suggestion][data-key='tags:footwear']");
  await tag.waitFor();
  const label = (await tag.getAttribute("aria-label")) ?? "";
  const count = Number(/, (\d+) assets?$/.exec(label)?.[1]);
  expect(count).toBeGreaterThan(0);
  await shot(page, "suggest-tag", page.locator("[data-testid=search-suggestions]"));
  await tag.click();
  await page.waitForURL((u) => u.searchParams.get("tags") === "footwear" && !u.searchParams.has("q"));
  await page.locator("[data-testid=search-chip][data-key='tags:footwear']").waitFor();
  await expect.poll(() => total(page)).toBe(count);
  await expectCountMatchesTiles(page);

  // Escape closes the list; Enter then searches the text as typed.
  await searchBox(page).fill("");
  await searchBox(page).pressSequentially("amaz", { delay: 30 });
  await page.locator("[data-testid=search-suggestion][data-key='channels:amazon']").waitFor();
  await searchBox(page).press("Escape");
  await page.locator("[data-testid=search-suggestions]").waitFor({ state: "detached" });

  // Chinese through an input method (Chromium's IME over CDP): nothing is asked or shown while composing;
  // once the word is committed (蓝), it is completed (蓝色 = Colour: blue).
  await searchBox(page).fill("");
  const asked: string[] = [];
  const onRequest = (r: { url(): string }) => {
    // (The emptied field asks once for the recent searches: q="". Only the composed text matters here.)
    if (r.url().includes("/app/search/suggest") && new URL(r.url()).searchParams.get("q")) asked.push(new URL(r.url()).searchParams.get("q") ?? "");
  };
  page.on("request", onRequest);
  const cdp = await ctx.newCDPSession(page);
  await cdp.send("Input.imeSetComposition", { text: "lan", selectionStart: 3, selectionEnd: 3 });
  await cdp.send("Input.imeSetComposition", { text: "蓝", selectionStart: 1, selectionEnd: 1 });
  await page.waitForTimeout(600); // longer than the debounce: a request would have gone out by now
  expect(asked).toEqual([]);
  await cdp.send("Input.insertText", { text: "蓝" });
  await page.locator("[data-testid=search-suggestion][data-key='colours:blue']").waitFor();
  expect(asked).toEqual(["蓝"]);
  page.off("request", onRequest);
  await cdp.detach();
  await searchBox(page).press("Escape");

  // Recent searches: the empty field, focused, offers the member's searches, newest first ("sneaker photo"
  // above); picking one runs it again; "Clear recent searches" forgets them.
  await page.goto(`${BASE}/app`);
  await page.locator("html[data-hydrated=true]").waitFor({ state: "attached" });
  await searchBox(page).focus();
  const recent = page.locator("[data-testid=search-suggestion][data-type=recent]");
  await recent.first().waitFor();
  expect(await recent.first().getAttribute("data-key")).toBe("recent:sneaker photo");
  expect(await recent.evaluateAll((els) => els.map((e) => e.getAttribute("data-key")))).toContain("recent:sneaker");
  await shot(page, "suggest-recent", page.locator("[data-testid=search-suggestions]"));
  await recent.first().click();
  await page.waitForURL((u) => u.searchParams.get("q") === "sneaker photo");
  await expect.poll(() => total(page)).toBe(sneakers);
  // Typing the start of one suggests it above the word's suggestions.
  await searchBox(page).fill("");
  await searchBox(page).pressSequentially("snea", { delay: 30 });
  await page.locator("[data-testid=search-suggestion][data-key='recent:sneaker photo']").waitFor();
  await searchBox(page).fill("");
  const clear = page.locator("[data-testid=search-suggestion][data-key=clear-recent]");
  await clear.click();
  await page.locator("[data-testid=search-suggestions]").waitFor({ state: "detached" });
  // Focused empty again: the server has nothing to suggest, and no list opens.
  await searchBox(page).blur();
  const answered = page.waitForResponse((r) => r.url().includes("/app/search/suggest?") && new URL(r.url()).searchParams.get("q") === "");
  await searchBox(page).focus();
  expect(await (await answered).json()).toMatchObject({ items: [] });
  expect(await page.locator("[data-testid=search-suggestions]").count()).toBe(0);
  await searchBox(page).blur();
}

/** Search by image: a library image's thumbnail finds that asset first; bad files are refused with a reason. */
async function searchByImage() {
  await page.goto(`${BASE}/app`);
  await page.locator("html[data-hydrated=true]").waitFor({ state: "attached" });
  const tile = tiles(page).first();
  const assetId = await tile.getAttribute("data-asset-id");
  const src = await tile.locator("img").first().getAttribute("src");
  expect(src).toBeTruthy();
  const res = await page.request.get(new URL(src!, BASE).toString());
  expect(res.ok()).toBe(true);
  const mimeType = (res.headers()["content-type"] ?? "image/jpeg").split(";")[0]!;
  const input = page.getByTestId("image-search-input");
  await input.setInputFiles({ name: `probe.${mimeType.split("/")[1]}`, mimeType, buffer: await res.body() });
  const first = page.getByTestId("image-search-result").first();
  await first.waitFor();
  // First: the asset itself as a near duplicate (the demo also holds an exact copy of some images: then
  // the copy ties with it at the same distance, and either may come first).
  expect(await first.getAttribute("data-reason")).toBe("near duplicate");
  const best = await first.getAttribute("data-distance");
  const tied = await page.locator(`[data-testid=image-search-result][data-reason='near duplicate'][data-distance='${best}']`).evaluateAll((els) => els.map((e) => e.getAttribute("href")));
  expect(tied).toContain(`/app/assets/${assetId}`);
  await expect(page.getByTestId("image-search-title").innerText()).resolves.toContain("probe.");
  await shot(page, "by-image");

  // Back to the library: the grid again.
  await page.getByRole("button", { name: "Back to the library" }).click();
  await page.getByTestId("image-search-results").first().waitFor({ state: "detached" });
  await expect.poll(() => tiles(page).count()).toBeGreaterThan(0);

  // The same image dropped on the search field searches by it (and is not uploaded by the page's drop zone).
  const uploads: string[] = [];
  const onUpload = (r: { url(): string; method(): string }) => {
    if (r.method() === "POST" && new URL(r.url()).pathname.startsWith("/app/upload")) uploads.push(r.url());
  };
  page.on("request", onUpload);
  const dropped = await page.evaluateHandle(
    ({ b64, name, type }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], name, { type }));
      return dt;
    },
    { b64: (await res.body()).toString("base64"), name: `dropped.${mimeType.split("/")[1]}`, type: mimeType },
  );
  const field = page.getByTestId("library-search-field");
  await field.dispatchEvent("dragenter", { dataTransfer: dropped });
  await expect.poll(() => searchBox(page).getAttribute("placeholder")).toBe("Drop the image to find ones like it");
  await field.dispatchEvent("dragover", { dataTransfer: dropped });
  await field.dispatchEvent("drop", { dataTransfer: dropped });
  await expect.poll(() => page.getByTestId("image-search-title").innerText()).toContain("dropped.");
  const droppedFirst = page.getByTestId("image-search-result").first();
  await droppedFirst.waitFor();
  expect(await droppedFirst.getAttribute("data-reason")).toBe("near duplicate");
  expect(await searchBox(page).getAttribute("placeholder")).not.toBe("Drop the image to find ones like it");
  expect(uploads).toEqual([]);
  page.off("request", onUpload);
  await page.getByRole("button", { name: "Back to the library" }).click();
  await expect.poll(() => tiles(page).count()).toBeGreaterThan(0);

  // Not an image: refused before sending. Claims PNG but is not: refused by the server.
  await input.setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("hello") });
  await expect.poll(() => page.getByTestId("image-search-error").innerText()).toContain("JPEG, PNG, WebP");
  await input.setInputFiles({ name: "fake.png", mimeType: "image/png", buffer: Buffer.from("definitely not a png") });
  await expect.poll(() => page.getByTestId("image-search-error").innerText()).toMatch(/Find similar takes|not|cannot|could not/i);
  await shot(page, "by-image-error");
  await page.getByRole("button", { name: "Back to the library" }).click();
  await expect.poll(() => tiles(page).count()).toBeGreaterThan(0);
}
