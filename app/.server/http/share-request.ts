// The common start of every public share route: services, the visitor (IP + password proof) and the
// opened link (refused when unknown, revoked, expired or locked).
import type { AppLoadContext } from "@remix-run/node";
import { getServices } from "../context";
import { openShare, type Visitor } from "../governance/shares.service";
import { clientIp } from "./client-ip";
import { readShareProof } from "./share-cookie";

export async function shareFromRequest(request: Request, token: string, context: AppLoadContext) {
  const services = await getServices();
  const visitor: Visitor = { ip: clientIp(context), proof: readShareProof(request, token) };
  const share = await openShare(services.db.prisma, token, visitor);
  return { services, visitor, share };
}
