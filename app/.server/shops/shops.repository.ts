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
