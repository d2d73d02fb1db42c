// The audit log as admins read it: filtered, newest first, in keyset pages.
import type { Prisma } from "../db/database";
import { decodeCursor, encodeCursor } from "../library/cursor";
import type { Actor } from "../library/types";
import { listAuditEvents, type AuditFilter } from "./audit.repository";
import { authorize } from "./authorize";

export async function readAuditLog(prisma: Prisma, shopId: string, actor: Actor, filter: AuditFilter, page: { cursor?: string | null; limit?: number }) {
  authorize(actor, "audit.view");
  const limit = Math.min(Math.max(page.limit ?? 50, 1), 200);
  const rows = await listAuditEvents(prisma, shopId, filter, decodeCursor(page.cursor), limit);
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { items, nextCursor: more && last ? encodeCursor(last) : null };
}
