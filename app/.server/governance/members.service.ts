// Members: Shopify staff (from the online session; the shop owner is admin, others start as viewers
// until an admin gives them a role) and, in demo mode, a few seeded users to switch between.
import type { Prisma } from "../db/database";
import { AppError } from "../errors";
import type { Actor } from "../library/types";
import { writeAudit } from "./audit.repository";
import { authorize } from "./authorize";
import { isRole, type Role } from "./policy";
import {
  createMember,
  findMember,
  findMemberByDemoHandle,
  findMemberByShopifyUser,
  listMembers,
  touchMember,
  updateMemberAccess,
  upsertDemoMember,
} from "./members.repository";

type MemberRow = { id: string; name: string; role: string; markets: string[] };

export function actorOf(m: MemberRow): Actor {
  return { kind: "user", id: m.id, name: m.name, role: isRole(m.role) ? m.role : "viewer", markets: m.markets };
}

/** The acting member by id (signed download links name one); a removed member can no longer act. */
export async function actorForMember(prisma: Prisma, shopId: string, memberId: string): Promise<Actor> {
  const m = await findMember(prisma, shopId, memberId);
  if (!m) throw new AppError("unauthorized", "The person who asked for this download is no longer a member of the shop.");
  return actorOf(m);
}

export interface StaffUser {
  id: number | string;
  firstName?: string;
  lastName?: string;
  email?: string;
  accountOwner: boolean;
}

/** The member for a Shopify staff user, created on their first visit. */
export async function memberForStaff(prisma: Prisma, shopId: string, user: StaffUser) {
  const name = [user.firstName, user.lastName].filter(Boolean).join(" ") || user.email || `Staff ${user.id}`;
  const existing = await findMemberByShopifyUser(prisma, shopId, String(user.id));
  if (existing) {
    if (existing.name !== name || existing.email !== (user.email ?? null)) await touchMember(prisma, shopId, existing.id, { name, email: user.email ?? null });
    return existing;
  }
  return createMember(prisma, shopId, {
    shopifyUserId: String(user.id),
    name,
    email: user.email ?? null,
    role: user.accountOwner ? "admin" : "viewer",
    markets: [],
    isOwner: user.accountOwner,
  });
}

export interface DemoUser {
  handle: string;
  name: string;
  role: Role;
  markets: string[];
}

/** The demo's people: an owner and three colleagues with different roles and markets. */
export const DEMO_USERS: readonly DemoUser[] = [
  { handle: "owner", name: "Demo owner", role: "admin", markets: [] },
  { handle: "us-merch", name: "Maya Chen — US merchandiser", role: "editor", markets: ["US"] },
  { handle: "eu-review", name: "Lukas Weber — EU brand reviewer", role: "reviewer", markets: ["EU"] },
  { handle: "jp-viewer", name: "Aiko Tanaka — JP agency (viewer)", role: "viewer", markets: ["JP"] },
];

export async function seedDemoMembers(prisma: Prisma, shopId: string) {
  for (const u of DEMO_USERS)
    await upsertDemoMember(prisma, shopId, { demoHandle: u.handle, name: u.name, role: u.role, markets: u.markets, isOwner: u.handle === "owner" });
}

export async function demoMember(prisma: Prisma, shopId: string, handle: string | null) {
  const known = DEMO_USERS.some((u) => u.handle === handle) ? handle! : "owner";
  return (await findMemberByDemoHandle(prisma, shopId, known)) ?? (await findMemberByDemoHandle(prisma, shopId, "owner"));
}

export async function listShopMembers(prisma: Prisma, shopId: string, actor: Actor) {
  authorize(actor, "member.manage");
  return listMembers(prisma, shopId);
}

/** An admin sets a member's role and markets. The owner stays an admin (someone must be able to fix roles). */
export async function setMemberAccess(
  prisma: Prisma,
  shopId: string,
  actor: Actor,
  memberId: string,
  access: { role: Role; markets: string[] },
) {
  authorize(actor, "member.manage");
  const markets = [...new Set(access.markets.map((m) => m.trim().toUpperCase()).filter(Boolean))];
  return prisma.$transaction(async (tx) => {
    const before = await findMember(tx, shopId, memberId);
    if (!before) throw new AppError("not_found", "That member was not found.");
    if (before.isOwner && access.role !== "admin")
      throw new AppError("validation", "The shop owner is always an admin.");
    await updateMemberAccess(tx, shopId, memberId, { role: access.role, markets });
    await writeAudit(tx, shopId, actor, {
      action: "member.access_changed",
      subjectType: "member",
      subjectId: memberId,
      data: { name: before.name, before: { role: before.role, markets: before.markets }, after: { role: access.role, markets } },
    });
    return { ...before, role: access.role, markets };
  });
}
