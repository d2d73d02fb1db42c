import { randomBytes } from "node:crypto";
import type { Tx } from "../db/database";

export function findShopByDomain(db: Tx, domain: string) {
  return db.shop.findUnique({ where: { domain } });
}
export function findShopById(db: Tx, id: string) {
  return db.shop.findUnique({ where: { id } });
}
export function findShopByMediaKey(db: Tx, mediaKey: string) {
  return db.shop.findUnique({ where: { mediaKey } });
}

/** Creates the shop on first install; a reinstall clears uninstalledAt. */
export function upsertShop(db: Tx, domain: string, data: { name: string; isDemo?: boolean }) {
  return db.shop.upsert({
    where: { domain },
    create: { domain, name: data.name, isDemo: data.isDemo ?? false, mediaKey: randomBytes(9).toString("base64url") },
    update: { uninstalledAt: null },
  });
}

export function markShopUninstalled(db: Tx, domain: string) {
  return db.shop.updateMany({ where: { domain }, data: { uninstalledAt: new Date() } });
}

export function updateShopSettings(db: Tx, shopId: string, settings: Record<string, unknown>) {
  return db.shop.update({ where: { id: shopId }, data: { settings: settings as object } });
}

export function deleteSessionsOfShop(db: Tx, domain: string) {
  return db.session.deleteMany({ where: { shop: domain } });
}

export function updateSessionScope(db: Tx, sessionId: string, scope: string) {
  return db.session.updateMany({ where: { id: sessionId }, data: { scope } });
}

/** Deletes the shop row (cascading to every shop-owned table) plus what is keyed by its domain. */
export async function deleteShopAndDependents(db: Tx, shop: { id: string; domain: string }) {
  await db.session.deleteMany({ where: { shop: shop.domain } });
  await db.webhookEvent.deleteMany({ where: { shopDomain: shop.domain } });
  await db.shop.delete({ where: { id: shop.id } });
}
