// Review of versions through the shop's approval chains (Governance §2): submit → step 1 … step N →
// approved, or rejected with a reason at any step. Called inside the version-state transaction.
import type { Prisma, Tx } from "../db/database";
import { AppError } from "../errors";
import type { Actor } from "../library/types";
import { afterApproval, canDecide, chainFor, ChainSteps, DEFAULT_CHAIN, type Chain, type ChainStep } from "./approval-chain";
import { collectionIdsOf, createChainRow, deleteChainRow, findChainRow, listApprovals, listChainRows, listVersionsInReview, recordApproval } from "./approvals.repository";
import { writeAudit } from "./audit.repository";
import { findCollectionRow } from "../library/collections.repository";
import { listMembers } from "./members.repository";
import { authorize } from "./authorize";
import { allows, marketScope } from "./policy";

type ChainRow = { id: string; name: string; assetKind: string | null; collectionId: string | null; steps: unknown };
const toChain = (r: ChainRow): Chain => ({ id: r.id, name: r.name, assetKind: r.assetKind, collectionId: r.collectionId, steps: ChainSteps.parse(r.steps) });

export async function listChains(db: Tx, shopId: string): Promise<Chain[]> {
  return (await listChainRows(db, shopId)).map(toChain);
}

interface VersionUnderReview {
  id: string;
  assetId: string;
  state: string;
  reviewChainId: string | null;
  reviewStep: number | null;
  asset: { kind: string };
}

export interface ReviewResult {
  state: "in_review" | "approved" | "rejected";
  reviewChainId: string | null;
  reviewStep: number | null;
  stepName: string;
  chainName: string;
  /** In review: the step that now waits for a decision. */
  waitingOn: ChainStep | null;
}

async function chainOf(tx: Tx, shopId: string, v: VersionUnderReview): Promise<Chain> {
  if (v.state === "in_review") {
    const row = v.reviewChainId ? await findChainRow(tx, shopId, v.reviewChainId) : null;
    return row ? toChain(row) : DEFAULT_CHAIN; // a chain deleted mid-review falls back to the default
  }
  return chainFor(await listChains(tx, shopId), { kind: v.asset.kind, collectionIds: await collectionIdsOf(tx, shopId, v.assetId) });
}

/** Records the decision and says where the version stands next. */
export async function decideReview(
  tx: Tx,
  shopId: string,
  actor: Actor,
  v: VersionUnderReview,
  action: "submit" | "approve" | "reject",
  comment?: string,
): Promise<ReviewResult> {
  const chain = await chainOf(tx, shopId, v);
  const record = (step: number, decision: string) =>
    recordApproval(tx, shopId, {
      versionId: v.id,
      chainId: chain.id,
      step,
      stepName: chain.steps[step]?.name ?? "",
      decision,
      comment: comment?.trim() || null,
      actorId: actor.id,
      actorName: actor.name,
    });
  const step = v.state === "in_review" ? (v.reviewStep ?? 0) : 0;
  if (v.state !== "in_review") await record(0, "submitted");
  if (action === "submit") return { state: "in_review", reviewChainId: chain.id, reviewStep: 0, stepName: chain.steps[0]!.name, chainName: chain.name, waitingOn: chain.steps[0]! };

  const current = chain.steps[Math.min(step, chain.steps.length - 1)]!;
  if (!canDecide(current, actor))
    throw new AppError(
      "forbidden",
      `“${current.name}” in “${chain.name}” is decided by ${current.role ? `a ${current.role}` : "the members named for it"}.`,
    );
  if (action === "reject") {
    if (!comment?.trim()) throw new AppError("validation", "Say why the version is rejected, so its author can fix it.");
    await record(step, "rejected");
    return { state: "rejected", reviewChainId: null, reviewStep: null, stepName: current.name, chainName: chain.name, waitingOn: null };
  }
  await record(step, "approved");
  const next = afterApproval(chain, step);
  return next.state === "approved"
    ? { state: "approved", reviewChainId: null, reviewStep: null, stepName: current.name, chainName: chain.name, waitingOn: null }
    : { state: "in_review", reviewChainId: chain.id, reviewStep: next.step, stepName: chain.steps[next.step]!.name, chainName: chain.name, waitingOn: chain.steps[next.step]! };
}

/** What waits for this person: versions in review whose current step they may decide, in their markets. */
export async function inboxFor(prisma: Prisma, shopId: string, actor: Actor) {
  const versions = await listVersionsInReview(prisma, shopId, marketScope(actor));
  const chains = new Map((await listChains(prisma, shopId)).map((c) => [c.id, c]));
  const out = [];
  for (const v of versions) {
    const chain = (v.reviewChainId && chains.get(v.reviewChainId)) || DEFAULT_CHAIN;
    const step = chain.steps[Math.min(v.reviewStep ?? 0, chain.steps.length - 1)]!;
    if (canDecide(step, actor) && allows(actor, "version.approve", v.asset)) out.push({ version: v, chain, step, stepIndex: v.reviewStep ?? 0 });
  }
  return out;
}

export async function reviewHistory(prisma: Prisma, shopId: string, versionIds: string[]) {
  return listApprovals(prisma, shopId, versionIds);
}

export async function createChain(
  prisma: Prisma,
  shopId: string,
  actor: Actor,
  input: { name: string; assetKind: string | null; collectionId: string | null; steps: unknown },
) {
  authorize(actor, "member.manage");
  const steps = ChainSteps.parse(input.steps);
  const name = input.name.trim();
  if (!name) throw new AppError("validation", "Name the chain.");
  if (Boolean(input.assetKind) === Boolean(input.collectionId))
    throw new AppError("validation", "Say which assets the chain applies to: an asset kind or a collection.");
  return prisma.$transaction(async (tx) => {
    if (input.collectionId && !(await findCollectionRow(tx, shopId, input.collectionId))) throw new AppError("not_found", "That collection was not found.");
    const existing = (await listChainRows(tx, shopId)).find((c) => (input.collectionId ? c.collectionId === input.collectionId : !c.collectionId && c.assetKind === input.assetKind));
    if (existing) throw new AppError("conflict", `“${existing.name}” already applies to these assets; delete it first to replace it.`);
    // Named members must be people of this shop who may decide at all.
    const named = [...new Set(steps.flatMap((s) => s.memberIds ?? []))];
    if (named.length) {
      const members = new Map((await listMembers(tx, shopId)).map((m) => [m.id, m]));
      const bad = named.filter((id) => !members.has(id) || members.get(id)!.role === "viewer");
      if (bad.length) throw new AppError("validation", `${bad.length} of the named members are not members of this shop who can approve (viewers cannot).`);
    }
    const row = await createChainRow(tx, shopId, { name, assetKind: input.assetKind, collectionId: input.collectionId, steps });
    await writeAudit(tx, shopId, actor, {
      action: "approval_chain.created",
      subjectType: "approval_chain",
      subjectId: row.id,
      data: { name, assetKind: input.assetKind, collectionId: input.collectionId, steps: steps.map((s) => s.name) },
    });
    return toChain(row);
  });
}

export async function deleteChain(prisma: Prisma, shopId: string, actor: Actor, id: string) {
  authorize(actor, "member.manage");
  await prisma.$transaction(async (tx) => {
    const res = await deleteChainRow(tx, shopId, id);
    if (!res.count) throw new AppError("not_found", "That approval chain was not found.");
    await writeAudit(tx, shopId, actor, { action: "approval_chain.deleted", subjectType: "approval_chain", subjectId: id });
  });
}

export async function listChainsFor(prisma: Prisma, shopId: string, actor: Actor) {
  authorize(actor, "member.manage");
  return listChains(prisma, shopId);
}
