// REST API keys: `al_<prefix>_<secret>`. Only SHA-256(secret) is stored; the prefix finds the row and
// the hash is compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Prisma } from "../db/database";
import { AppError } from "../errors";
import type { Actor } from "../library/types";
import { writeAudit } from "./audit.repository";
import { authorize } from "./authorize";
import { isRole, type Role } from "./policy";
import { createApiKey, findApiKeyByPrefix, listApiKeys, revokeApiKey, touchApiKey } from "./api-keys.repository";

const KEY_RE = /^al_([a-z0-9]{10})_([A-Za-z0-9_-]{43})$/;
const hash = (secret: string) => createHash("sha256").update(secret).digest();

export async function issueApiKey(prisma: Prisma, shopId: string, actor: Actor, name: string, role: Role = "editor", markets: string[] = []) {
  authorize(actor, "apikey.manage");
  const prefix = randomBytes(8).toString("hex").slice(0, 10);
  const secret = randomBytes(32).toString("base64url");
  const key = await prisma.$transaction(async (tx) => {
    const row = await createApiKey(tx, shopId, { name, prefix, secretHash: hash(secret).toString("hex"), role, markets });
    await writeAudit(tx, shopId, actor, { action: "api_key.created", subjectType: "api_key", subjectId: row.id, data: { name, prefix, role, markets } });
    return row;
  });
  return { id: key.id, name, prefix, role, markets, token: `al_${prefix}_${secret}` };
}

export async function revokeKey(prisma: Prisma, shopId: string, actor: Actor, id: string) {
  authorize(actor, "apikey.manage");
  await prisma.$transaction(async (tx) => {
    const res = await revokeApiKey(tx, shopId, id);
    if (res.count === 0) throw new AppError("not_found", "That API key was not found or is already revoked.");
    await writeAudit(tx, shopId, actor, { action: "api_key.revoked", subjectType: "api_key", subjectId: id });
  });
}

export function listKeys(prisma: Prisma, shopId: string, actor: Actor) {
  authorize(actor, "apikey.manage");
  return listApiKeys(prisma, shopId);
}

/** Resolves a bearer token to its shop and actor, or throws `unauthorized`. */
export async function authenticateApiKey(prisma: Prisma, token: string | null) {
  const m = token ? KEY_RE.exec(token) : null;
  if (!m) throw new AppError("unauthorized", "Send an API key as `Authorization: Bearer al_…` (create one in Settings).");
  const row = await findApiKeyByPrefix(prisma, m[1]);
  const expected = row ? Buffer.from(row.secretHash, "hex") : randomBytes(32);
  const ok = timingSafeEqual(expected, hash(m[2])) && row && !row.revokedAt && !row.shop.uninstalledAt;
  if (!ok || !row) throw new AppError("unauthorized", "This API key is not valid or has been revoked.");
  void touchApiKey(prisma, row.id).catch(() => {});
  if (!isRole(row.role)) throw new AppError("unauthorized", "This API key has an unknown role; create a new key.");
  const actor: Actor = { kind: "api_key", id: row.id, name: row.name, role: row.role, markets: row.markets };
  return { shop: row.shop, actor, role: row.role };
}
