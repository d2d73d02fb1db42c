import type { Tx } from "../db/database";

export function findMemberByShopifyUser(db: Tx, shopId: string, shopifyUserId: string) {
  return db.member.findUnique({ where: { shopId_shopifyUserId: { shopId, shopifyUserId } } });
}

export function findMemberByDemoHandle(db: Tx, shopId: string, demoHandle: string) {
  return db.member.findUnique({ where: { shopId_demoHandle: { shopId, demoHandle } } });
}

export function createMember(
  db: Tx,
  shopId: string,
  data: { shopifyUserId?: string; demoHandle?: string; name: string; email?: string | null; role: string; markets: string[]; isOwner: boolean },
) {
  return db.member.create({ data: { shopId, ...data } });
}

export function upsertDemoMember(db: Tx, shopId: string, data: { demoHandle: string; name: string; role: string; markets: string[]; isOwner: boolean }) {
  return db.member.upsert({
    where: { shopId_demoHandle: { shopId, demoHandle: data.demoHandle } },
    create: { shopId, ...data },
    update: {},
  });
}

export function touchMember(db: Tx, shopId: string, id: string, data: { name?: string; email?: string | null }) {
  return db.member.updateMany({ where: { shopId, id }, data: { ...data, lastSeenAt: new Date() } });
}

export function listMembers(db: Tx, shopId: string) {
  return db.member.findMany({ where: { shopId }, orderBy: [{ isOwner: "desc" }, { createdAt: "asc" }] });
}

export function updateMemberAccess(db: Tx, shopId: string, id: string, data: { role: string; markets: string[] }) {
  return db.member.updateMany({ where: { shopId, id }, data });
}

export function findMember(db: Tx, shopId: string, id: string) {
  return db.member.findFirst({ where: { shopId, id } });
}
