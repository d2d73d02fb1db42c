// `npx assetline check` and `render` (issue #5 §6): pure image code on a local file — no config, no
// database, nothing uploaded. Exit codes: check 1 when a blocking rule fails, 0 otherwise; 2 on bad input.
import { readFile, writeFile } from "node:fs/promises";
import { buildRendition } from "./builder";
import { blocks, checkImage, type Finding } from "./checks";
import { measureImage } from "./measure";
import { isPresetId, PRESETS, type PresetId } from "./presets";

/** The preset a channel's main image is checked against. */
export const MAIN_PRESET: Record<string, PresetId> = {
  amazon: "amazon.main",
  tiktok: "tiktok.main",
  shopify: "shopify.product",
  tmall: "tmall.main",
  jd: "jd.main",
  shopee: "shopee.main",
  instagram: "instagram.4x5",
};

export interface CliResult {
  code: 0 | 1 | 2;
  stdout: string;
  stderr: string;
}

const bad = (stderr: string): CliResult => ({ code: 2, stdout: "", stderr });

async function readImage(file: string): Promise<Buffer | string> {
  try {
    return await readFile(file);
  } catch {
    return `Cannot read ${file}.`;
  }
}

export async function runCheck(file: string | undefined, channel: string | undefined, json: boolean): Promise<CliResult> {
  if (!file) return bad("check needs a file: npx assetline check photo.jpg --channel amazon");
  const presetId = channel ? MAIN_PRESET[channel] : undefined;
  if (!presetId) return bad(`--channel takes one of ${Object.keys(MAIN_PRESET).join(", ")}.`);
  const bytes = await readImage(file);
  if (typeof bytes === "string") return bad(bytes);
  let findings: Finding[];
  try {
    findings = checkImage(await measureImage(bytes), PRESETS[presetId]);
  } catch {
    return bad(`${file} is not an image Assetline can read.`);
  }
  const code = blocks(findings).length ? 1 : 0;
  if (json) return { code, stdout: `${JSON.stringify({ file, channel, preset: presetId, pass: code === 0, findings })}\n`, stderr: "" };
  const mark = { block: "✗", warn: "!", info: "✓" } as const;
  const lines = findings.map((f) => `${mark[f.severity]} ${f.message}${f.fix ? `  [fix: ${f.fix}]` : ""}`);
  return { code, stdout: `${PRESETS[presetId].label}: ${code ? "FAIL" : "pass"}\n${lines.join("\n")}\n`, stderr: "" };
}

export async function runRender(file: string | undefined, preset: string | undefined, out: string | undefined): Promise<CliResult> {
  if (!file || !out) return bad("render needs a file and -o: npx assetline render photo.jpg --preset amazon.main -o main.jpg");
  if (!preset || !isPresetId(preset)) return bad(`--preset takes one of ${Object.keys(PRESETS).join(", ")}.`);
  const bytes = await readImage(file);
  if (typeof bytes === "string") return bad(bytes);
  try {
    const r = await buildRendition(bytes, PRESETS[preset]);
    await writeFile(out, r.bytes);
    return { code: 0, stdout: `${out}: ${r.width}×${r.height} ${r.format.toUpperCase()}, ${(r.bytes.length / 1024).toFixed(0)} KB${r.quality ? `, quality ${r.quality}` : ""}\n`, stderr: "" };
  } catch {
    return bad(`${file} is not an image Assetline can read.`);
  }
}
