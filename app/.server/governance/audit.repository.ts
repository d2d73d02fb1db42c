import type { Tx } from "../db/database";
import type { Prisma } from "../../.generated/prisma/client";
import type { Actor } from "../library/types";

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
