// AES-256-GCM for tokens at rest (DESIGN §8). The key id is stored with each ciphertext for rotation,
// and the owner (shop/channel/account) is bound as associated data: a ciphertext copied to another row
// fails to decrypt.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

export interface Sealer {
  seal(plaintext: string, aad: string): string;
  open(sealed: string, aad: string): string;
}

export class DecryptError extends Error {
  readonly kind = "decrypt";
}

export function createSealer(keyBase64: string): Sealer {
  const key = Buffer.from(keyBase64, "base64");
  if (key.length !== 32) throw new Error("encryption key must be 32 bytes");
  const keyId = createHash("sha256").update(key).digest("hex").slice(0, 8);
  return {
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
      if (kid !== keyId) throw new DecryptError(`sealed with key ${kid}, which is not the current key`);
      try {
        const d = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
        d.setAAD(Buffer.from(aad));
        d.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([d.update(Buffer.from(ct, "base64url")), d.final()]).toString("utf8");
      } catch {
        throw new DecryptError("ciphertext does not match its owner or was altered");
      }
    },
  };
}
