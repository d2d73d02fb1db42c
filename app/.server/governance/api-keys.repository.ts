import type { Tx } from "../db/database";

export function createApiKey(db: Tx, shopId: string, data: { name: string; prefix: string; secretHash: string; role: string; markets: string[] }) {
  return db.apiKey.create({ data: { shopId, ...data } });
}
export function findApiKeyByPrefix(db: Tx, prefix: string) {
  return db.apiKey.findUnique({ where: { prefix }, include: { shop: true } });
}
export function listApiKeys(db: Tx, shopId: string) {
  return db.apiKey.findMany({
    where: { shopId },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, role: true, markets: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}
export function revokeApiKey(db: Tx, shopId: string, id: string) {
  return db.apiKey.updateMany({ where: { shopId, id, revokedAt: null }, data: { revokedAt: new Date() } });
}
export function touchApiKey(db: Tx, id: string) {
  return db.apiKey.update({ where: { id }, data: { lastUsedAt: new Date() } });
}
export function findActiveApiKey(db: Tx, shopId: string, prefix: string) {
  return db.apiKey.findFirst({ where: { shopId, prefix, revokedAt: null } });
}
