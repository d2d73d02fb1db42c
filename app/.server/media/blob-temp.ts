// Temp files of the blob store: naming, durable fs helpers, hashing a file, sweeping leftovers.
import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";

// Every temp file we create matches this, so sweeping a shared temp dir never touches foreign files.
const TEMP_PREFIX = "blob-";
const TEMP_SUFFIX = ".part";

export function tempFilePath(dir: string): string {
  return path.join(dir, `${TEMP_PREFIX}${randomUUID()}${TEMP_SUFFIX}`);
}

export function isErrno(e: unknown, code: string): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === code;
}

export async function statOrNull(p: string): Promise<{ size: number; mtime: Date } | null> {
  try {
    return await stat(p);
  } catch (e) {
    if (isErrno(e, "ENOENT")) return null;
    throw e;
  }
}

/** fsync a directory so a rename/create inside it survives a crash. */
export async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** mkdir -p, then fsync the parent of every directory it created, so the new entries are durable. */
export async function mkdirDurable(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true });
  if (!first) return;
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    // path.dirname(first) is the deepest pre-existing directory; it holds the first new entry.
    await fsyncDir(d);
    if (d === path.dirname(first) || d === path.dirname(d)) break;
  }
}

export async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  await pipeline(createReadStream(file), async (source: AsyncIterable<Buffer>) => {
    for await (const chunk of source) {
      hash.update(chunk);
      bytes += chunk.length;
    }
  });
  return { sha256: hash.digest("hex"), bytes };
}

export async function sweepTempDir(dir: string, olderThanMs: number): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    if (isErrno(e, "ENOENT")) return 0;
    throw e;
  }
  const cutoff = Date.now() - olderThanMs;
  let removed = 0;
  for (const name of names) {
    if (!name.startsWith(TEMP_PREFIX) || !name.endsWith(TEMP_SUFFIX)) continue;
    const p = path.join(dir, name);
    const st = await statOrNull(p);
    if (st && st.mtime.getTime() < cutoff) {
      await rm(p, { force: true });
      removed++;
    }
  }
  return removed;
}
