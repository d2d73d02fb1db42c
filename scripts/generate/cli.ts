// Usage:
//   tsx scripts/generate/cli.ts demo <dir> [--manifest <file.json>]   ~50 demo product images (+ metadata)
//   tsx scripts/generate/cli.ts bench <dir> [count] [size]           3000×3000 q90 JPEGs for the ingest bench
import { writeFile } from "node:fs/promises";
import { generateBenchJpegs, generateDemoImages } from "./demo-images.ts";

const USAGE =
  "usage: tsx scripts/generate/cli.ts demo <dir> [--manifest <file.json>]\n" +
  "       tsx scripts/generate/cli.ts bench <dir> [count=200] [size=3000]";

function fail(msg: string): never {
  console.error(`${msg}\n${USAGE}`);
  process.exit(2);
}

function positiveInt(value: string | undefined, fallback: number, label: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) fail(`invalid ${label}: ${value}`);
  return n;
}

async function main(argv: string[]): Promise<void> {
  const [cmd, dir, ...rest] = argv;
  if (!cmd || !dir) fail("missing arguments");
  const started = performance.now();
  if (cmd === "demo") {
    const mi = rest.indexOf("--manifest");
    const manifest = mi >= 0 ? rest[mi + 1] : undefined;
    if (mi >= 0 && !manifest) fail("--manifest needs a file name");
    const images = await generateDemoImages(dir);
    if (manifest) await writeFile(manifest, `${JSON.stringify(images, null, 2)}\n`);
    const near = images.filter((i) => i.nearDuplicateOf).length;
    const text = images.filter((i) => i.overlayText).length;
    console.log(
      `wrote ${images.length} demo images to ${dir} (${text} with text, ${near} near-duplicates) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  } else if (cmd === "bench") {
    const count = positiveInt(rest[0], 200, "count");
    const size = positiveInt(rest[1], 3000, "size");
    const files = await generateBenchJpegs(dir, count, size);
    console.log(`${files.length} bench JPEGs (${size}×${size}) ready in ${dir} after ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } else {
    fail(`unknown command: ${cmd}`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
