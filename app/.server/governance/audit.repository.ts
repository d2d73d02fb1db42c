import type { Tx } from "../db/database";
import type { Prisma } from "../../.generated/prisma/client";
import type { Actor } from "../library/types";
import { currentRequestId } from "../request-context";
import { likeLiteral } from "../db/like";

export interface AuditInput {
  action: string;
  subjectType: string;
  subjectId?: string | null;
  /** Never put secrets here: audit events are shown to every admin. */
  data?: Prisma.InputJsonValue;
}

export function writeAudit(db: Tx, shopId: string, actor: Actor, e: AuditInput) {
  return db.auditEvent.create({
    data: {
      shopId,
      actor: `${actor.kind}:${actor.id}:${actor.name}`,
      action: e.action,
      subjectType: e.subjectType,
      subjectId: e.subjectId ?? null,
      data: e.data ?? {},
      requestId: currentRequestId(),
    },
  });
}

export function listAuditForSubject(db: Tx, shopId: string, subjectType: string, subjectId: string, limit = 50) {
  return db.auditEvent.findMany({
    where: { shopId, subjectType, subjectId },
    orderBy: { createdAt: "desc" },
    take: limit,
  });
}

export interface AuditFilter {
  /** Action or action family: "asset." matches every asset action. */
  action?: string;
  subjectId?: string;
  actor?: string;
  /** Every change one request (or job) made. */
  requestId?: string;
  since?: Date;
  until?: Date;
}

/** Newest first, keyset-paged on (createdAt, id). */
export function listAuditEvents(db: Tx, shopId: string, f: AuditFilter, after: { createdAt: Date; id: string } | null, limit: number) {
  return db.auditEvent.findMany({
    where: {
      shopId,
      ...(f.action ? (f.action.endsWith(".") ? { action: { startsWith: likeLiteral(f.action) } } : { action: f.action }) : {}),
      ...(f.subjectId ? { subjectId: f.subjectId } : {}),
      ...(f.actor ? { actor: { contains: likeLiteral(f.actor), mode: "insensitive" as const } } : {}),
      ...(f.requestId ? { requestId: f.requestId } : {}),
      ...(f.since || f.until ? { createdAt: { ...(f.since ? { gte: f.since } : {}), ...(f.until ? { lt: f.until } : {}) } } : {}),
      ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
}
