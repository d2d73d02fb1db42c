import { readdir } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";

/** Files under the fs blob store root, temp dir excluded. */
export async function storedBlobFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string) {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.name === ".tmp") continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(p);
    }
  }
  await walk(root);
  return out;
}

export const streamOf = (buf: Buffer) => Readable.from([buf]);
