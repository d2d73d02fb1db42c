// `npx assetline check` and `render` on local files: no server, no key; exit codes 0 / 1 / 2.
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let dir: string;
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, ["bin/assetline.mjs", ...args], { encoding: "utf8", env: { ...process.env, ASSETLINE_API_KEY: "", ASSETLINE_URL: "http://127.0.0.1:9" }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const packshot = (bg: number, fill: number) =>
  sharp({ create: { width: 1600, height: 1600, channels: 3, background: { r: bg, g: bg, b: bg } } })
    .composite([{ input: { create: { width: Math.round(1600 * fill), height: Math.round(1200 * fill), channels: 3, background: "#1f5fa0" } }, gravity: "centre" }])
    .jpeg({ quality: 92, chromaSubsampling: "4:4:4" })
    .toBuffer();

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "cli-check-"));
  await writeFile(path.join(dir, "good.jpg"), await packshot(255, 0.9));
  await writeFile(path.join(dir, "grey.jpg"), await packshot(254, 0.9));
  await writeFile(path.join(dir, "small.jpg"), await packshot(255, 0.7));
  await writeFile(path.join(dir, "notes.txt"), "not an image");
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe("assetline check / render", () => {
  it("passes a compliant Amazon main image (exit 0) and fails a grey background (exit 1) with the measured numbers", () => {
    const ok = cli("check", path.join(dir, "good.jpg"), "--channel", "amazon");
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/Amazon MAIN image: pass/);
    expect(ok.out).toMatch(/1600 px: zoom enabled/);
    const grey = cli("check", path.join(dir, "grey.jpg"), "--channel", "amazon", "--json");
    expect(grey.code).toBe(1);
    const body = JSON.parse(grey.out) as { pass: boolean; findings: Array<{ rule: string; severity: string; fix?: string }> };
    expect(body.pass).toBe(false);
    expect(body.findings.find((f) => f.rule === "background")).toMatchObject({ severity: "block", fix: "whiten-background" });
  });

  it("answers 2 on bad input", () => {
    expect(cli("check", path.join(dir, "good.jpg"), "--channel", "ebay").code).toBe(2);
    expect(cli("check", path.join(dir, "missing.jpg"), "--channel", "amazon").code).toBe(2);
    expect(cli("check", path.join(dir, "notes.txt"), "--channel", "amazon").code).toBe(2);
    expect(cli("render", path.join(dir, "good.jpg"), "--preset", "nope", "-o", path.join(dir, "x.jpg")).code).toBe(2);
  });

  it("render writes the channel rendition, which then passes the check", async () => {
    const out = path.join(dir, "fixed.jpg");
    const r = cli("render", path.join(dir, "small.jpg"), "--preset", "amazon.main", "-o", out);
    expect(r.code).toBe(0);
    expect(cli("check", path.join(dir, "small.jpg"), "--channel", "amazon").code).toBe(1); // 70 % fill
    expect(cli("check", out, "--channel", "amazon").code).toBe(0);
    const meta = await sharp(out).metadata();
    expect(meta.width).toBe(meta.height);
  });
});
