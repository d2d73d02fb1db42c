// The sandbox's QPS limit (CHANNELS.md §3.5: per API per app), off unless asked for, over HTTP with
// requests signed by the sandbox's own verifier (not the connector's signer).
import { afterEach, describe, expect, it } from "vitest";
import { startTikTokSandbox, type TikTokSandbox } from "./index";
import { expectedSign } from "./signature";

let sb: TikTokSandbox | null = null;
afterEach(async () => {
  await sb?.close();
  sb = null;
});

async function call(s: TikTokSandbox, token: string, path: string, cipher: boolean) {
  const query = new URLSearchParams({ app_key: s.state.opts.appKey, timestamp: String(Math.floor(Date.now() / 1000)), ...(cipher ? { shop_cipher: s.state.shop.cipher } : {}) });
  query.set("sign", expectedSign({ appSecret: s.state.opts.appSecret, path, query, body: null, multipart: false }));
  const res = await fetch(`${s.url}${path}?${query}`, { headers: { "x-tts-access-token": token } });
  return { status: res.status, code: ((await res.json()) as { code: number }).code };
}

describe("QPS limit", () => {
  it("off by default; on, calls over the limit of one API answer 429 + 36009002 while another API still answers", async () => {
    sb = await startTikTokSandbox({ seedProducts: 1 });
    const product = `/product/202309/products/${[...sb.state.products.keys()][0]}`;
    let { accessToken } = sb.state.issueTokens();
    expect((await Promise.all(Array.from({ length: 8 }, () => call(sb!, accessToken, product, true)))).every((r) => r.code === 0)).toBe(true);
    await sb.close();

    sb = await startTikTokSandbox({ seedProducts: 1, qps: 5 });
    const p2 = `/product/202309/products/${[...sb.state.products.keys()][0]}`;
    ({ accessToken } = sb.state.issueTokens());
    const answers = await Promise.all(Array.from({ length: 8 }, () => call(sb!, accessToken, p2, true)));
    expect(answers.filter((r) => r.code === 0).length).toBe(5);
    expect(answers.filter((r) => r.status === 429 && r.code === 36009002).length).toBe(3);
    expect(await call(sb, accessToken, "/authorization/202309/shops", false)).toEqual({ status: 200, code: 0 });
  });

  it("true means §3.5's 50 QPS, divided by the time scale like every rate of the sandbox", async () => {
    sb = await startTikTokSandbox({ seedProducts: 0, qps: true, timeScale: 0.1 });
    expect(sb.state.opts.qps).toBe(500);
  });
});
