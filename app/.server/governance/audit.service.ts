// The audit log as admins read it: filtered, newest first, in keyset pages.
import type { Prisma } from "../db/database";
import { decodeCursor, keysetPage, pageLimit } from "../library/cursor";
import type { Actor } from "../library/types";
import { listAuditEvents, type AuditFilter } from "./audit.repository";
import { authorize } from "./authorize";

export async function readAuditLog(prisma: Prisma, shopId: string, actor: Actor, filter: AuditFilter, page: { cursor?: string | null; limit?: number }) {
  authorize(actor, "audit.view");
  const limit = pageLimit(page.limit, 50);
  const rows = await listAuditEvents(prisma, shopId, filter, decodeCursor(page.cursor), limit);
  return keysetPage(rows, limit);
}
