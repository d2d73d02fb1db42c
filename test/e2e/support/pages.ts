// Browser helpers shared by the e2e suites.
import type { Browser, BrowserContext, Page } from "playwright-core";

/** A page in a new context signed in as the demo owner; its uncaught page errors are pushed to `errors`. */
export async function ownerPage(browser: Browser, base: string, errors: string[]): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  await ctx.addCookies([{ name: "assetline_demo_user", value: "owner", url: base }]);
  const page = await ctx.newPage();
  page.setDefaultTimeout(20_000);
  page.on("pageerror", (e) => errors.push(e.message));
  return { ctx, page };
}

/** Resolves once React has hydrated the page (root.tsx marks <html>): before that, clicks do nothing. */
export const hydrated = (page: Page) => page.locator("html[data-hydrated=true]").waitFor({ state: "attached" });
