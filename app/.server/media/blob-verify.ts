// Read-side integrity: pass bytes through while hashing; error at the end if they are not the key's bytes.
import { createHash } from "node:crypto";
import { pipeline, type Readable, Transform } from "node:stream";
import { BlobError } from "./blob-core";

export function verifying(source: Readable, expectedSha256: string, key: string): Readable {
  const hash = createHash("sha256");
  const out = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      cb(null, chunk);
    },
    flush(cb) {
      const actual = hash.digest("hex");
      cb(actual === expectedSha256 ? null : new BlobError("corrupt", `stored bytes of ${key} hash to ${actual}`));
    },
  });
  // pipeline forwards source errors to `out` and destroys the source if the reader gives up early.
  pipeline(source, out, () => {});
  return out;
}
