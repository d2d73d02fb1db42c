// AES-256-GCM for tokens at rest (DESIGN §8). The key id is stored with each ciphertext for rotation,
// and the owner (shop/channel/account) is bound as associated data: a ciphertext copied to another row
// fails to decrypt.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

export interface Sealer {
  seal(plaintext: string, aad: string): string;
  open(sealed: string, aad: string): string;
  /** Sealed with a previous key: open and seal again to finish a rotation. */
  isStale(sealed: string): boolean;
}

export class DecryptError extends Error {
  readonly kind = "decrypt";
}

const keyIdOf = (key: Buffer) => createHash("sha256").update(key).digest("hex").slice(0, 8);

/**
 * Seals with the current key; opens values sealed with it or with any previous key (rotation: set the
 * new key, list the old one as previous, and values are re-sealed as they are read and written).
 */
export function createSealer(keyBase64: string, previousKeysBase64: readonly string[] = []): Sealer {
  const key = Buffer.from(keyBase64, "base64");
  if (key.length !== 32) throw new Error("encryption key must be 32 bytes");
  const keyId = keyIdOf(key);
  const keys = new Map<string, Buffer>([[keyId, key]]);
  for (const old of previousKeysBase64) {
    const k = Buffer.from(old, "base64");
    if (k.length !== 32) throw new Error("previous encryption keys must be 32 bytes each");
    if (!keys.has(keyIdOf(k))) keys.set(keyIdOf(k), k);
  }
  return {
    isStale: (sealed) => sealed.split(":")[1] !== keyId,
    seal(plaintext, aad) {
      const iv = randomBytes(12);
      const c = createCipheriv("aes-256-gcm", key, iv);
      c.setAAD(Buffer.from(aad));
      const ct = Buffer.concat([c.update(plaintext, "utf8"), c.final()]);
      return ["v1", keyId, iv.toString("base64url"), c.getAuthTag().toString("base64url"), ct.toString("base64url")].join(":");
    },
    open(sealed, aad) {
      const [v, kid, iv, tag, ct] = sealed.split(":");
      if (v !== "v1" || !iv || !tag || ct === undefined) throw new DecryptError("not a sealed value");
      const k = kid ? keys.get(kid) : undefined;
      if (!k) throw new DecryptError(`sealed with key ${kid}, which is neither the current nor a previous key`);
      try {
        const d = createDecipheriv("aes-256-gcm", k, Buffer.from(iv, "base64url"));
        d.setAAD(Buffer.from(aad));
        d.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([d.update(Buffer.from(ct, "base64url")), d.final()]).toString("utf8");
      } catch {
        throw new DecryptError("ciphertext does not match its owner or was altered");
      }
    },
  };
}
