// Shopify session storage on Prisma 7 (the official Prisma storage needs Prisma 6). Access and refresh
// tokens are sealed with AES-256-GCM, bound to the session id.
import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import type { Prisma } from "../db/database";
import { DecryptError, type Sealer } from "../crypto";

export class PrismaSessionStorage implements SessionStorage {
  constructor(
    private readonly prisma: () => Promise<Prisma>,
    private readonly sealer: Sealer,
  ) {}

  async storeSession(session: Session): Promise<boolean> {
    const prisma = await this.prisma();
    const aad = `session:${session.id}`;
    const data = {
      shop: session.shop,
      state: session.state,
      isOnline: session.isOnline,
      scope: session.scope ?? null,
      expires: session.expires ?? null,
      accessToken: this.sealer.seal(session.accessToken ?? "", aad),
      refreshToken: session.refreshToken ? this.sealer.seal(session.refreshToken, aad) : null,
      refreshTokenExpires: session.refreshTokenExpires ?? null,
      userId: session.onlineAccessInfo?.associated_user.id ? BigInt(session.onlineAccessInfo.associated_user.id) : null,
      firstName: session.onlineAccessInfo?.associated_user.first_name ?? null,
      lastName: session.onlineAccessInfo?.associated_user.last_name ?? null,
      email: session.onlineAccessInfo?.associated_user.email ?? null,
      accountOwner: session.onlineAccessInfo?.associated_user.account_owner ?? false,
      locale: session.onlineAccessInfo?.associated_user.locale ?? null,
      collaborator: session.onlineAccessInfo?.associated_user.collaborator ?? false,
      emailVerified: session.onlineAccessInfo?.associated_user.email_verified ?? false,
    };
    await prisma.session.upsert({ where: { id: session.id }, create: { id: session.id, ...data }, update: data });
    return true;
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const prisma = await this.prisma();
    const row = await prisma.session.findUnique({ where: { id } });
    if (!row) return undefined;
    const aad = `session:${row.id}`;
    const session = new Session({ id: row.id, shop: row.shop, state: row.state, isOnline: row.isOnline });
    session.scope = row.scope ?? undefined;
    session.expires = row.expires ?? undefined;
    try {
      session.accessToken = this.sealer.open(row.accessToken, aad);
      session.refreshToken = row.refreshToken ? this.sealer.open(row.refreshToken, aad) : undefined;
    } catch (err) {
      // Sealed under a retired key or tampered with: unusable, so treat as absent (Shopify re-authenticates).
      if (err instanceof DecryptError) {
        console.warn(`[sessions] session ${row.id} cannot be decrypted (${err.message}); ignoring it`);
        return undefined;
      }
      throw err;
    }
    session.refreshTokenExpires = row.refreshTokenExpires ?? undefined;
    if (row.userId !== null) {
      session.onlineAccessInfo = {
        expires_in: 0,
        associated_user_scope: row.scope ?? "",
        associated_user: {
          id: Number(row.userId),
          first_name: row.firstName ?? "",
          last_name: row.lastName ?? "",
          email: row.email ?? "",
          account_owner: row.accountOwner,
          locale: row.locale ?? "",
          collaborator: row.collaborator ?? false,
          email_verified: row.emailVerified ?? false,
        },
      };
    }
    // Sealed with a previous key (rotation): store it again under the current one.
    if (this.sealer.isStale(row.accessToken) || (row.refreshToken && this.sealer.isStale(row.refreshToken))) await this.storeSession(session);
    return session;
  }

  async deleteSession(id: string): Promise<boolean> {
    await (await this.prisma()).session.deleteMany({ where: { id } });
    return true;
  }

  async deleteSessions(ids: string[]): Promise<boolean> {
    await (await this.prisma()).session.deleteMany({ where: { id: { in: ids } } });
    return true;
  }

  async findSessionsByShop(shop: string): Promise<Session[]> {
    const rows = await (await this.prisma()).session.findMany({ where: { shop }, select: { id: true }, take: 25 });
    const sessions = await Promise.all(rows.map((r) => this.loadSession(r.id)));
    return sessions.filter((s): s is Session => Boolean(s));
  }
}
