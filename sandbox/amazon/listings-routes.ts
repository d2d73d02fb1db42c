// Listings Items 2021-08-01 and Sellers v1 handlers, after the server has checked the token, faults and
// usage plan. Bodies are validated against the model's definitions; answers follow its shapes.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody, sendErrors, sendJson } from "./http";
import type { Json } from "./json-schema";
import { INCLUDED_DATA, IMAGE_ATTRIBUTES, renderItem, type SandboxIssue } from "./listings";
import { mediaLocationOf, type PatchOp } from "./ingestion";
import { validateListingsBody } from "./models";
import type { AmazonSandboxState } from "./state";

type Reply = (status: number, body: unknown) => void;

const IDENTIFIER_TYPES = ["ASIN", "EAN", "FNSKU", "GTIN", "ISBN", "JAN", "MINSAN", "SKU", "UPC"];

const csv = (v: string | null) => (v ?? "").split(",").map((s) => s.trim()).filter(Boolean);

/** marketplaceIds (required, must be the seller's) and includedData (the model's enum), or the 400 to answer. */
function commonQuery(state: AmazonSandboxState, url: URL, includedDefault: string[]): { marketplaceId: string; included: string[] } | { error: string } {
  const marketplaceIds = csv(url.searchParams.get("marketplaceIds"));
  if (marketplaceIds.length === 0) return { error: "Missing required 'marketplaceIds' parameter." };
  if (marketplaceIds.some((m) => m !== state.opts.marketplaceId)) return { error: `Invalid marketplaceIds: ${marketplaceIds.join(",")}.` };
  const included = url.searchParams.has("includedData") ? csv(url.searchParams.get("includedData")) : includedDefault;
  const bad = included.filter((d) => !INCLUDED_DATA.includes(d));
  if (bad.length) return { error: `Invalid includedData: ${bad.join(",")}.` };
  return { marketplaceId: marketplaceIds[0]!, included };
}

export function getListingsItem(state: AmazonSandboxState, url: URL, sku: string, res: ServerResponse, headers: Record<string, string>): void {
  const q = commonQuery(state, url, ["summaries"]);
  if ("error" in q) return sendErrors(res, 400, "InvalidInput", q.error, "", headers);
  const l = state.listings.get(sku);
  if (!l) return sendErrors(res, 404, "NOT_FOUND", `SKU '${sku}' not found in marketplace ${q.marketplaceId}`, "", headers);
  sendJson(res, 200, renderItem(l, q.marketplaceId, q.included), headers);
}

export function deleteListingsItem(state: AmazonSandboxState, url: URL, sku: string, res: ServerResponse, headers: Record<string, string>): void {
  const q = commonQuery(state, url, []);
  if ("error" in q) return sendErrors(res, 400, "InvalidInput", q.error, "", headers);
  if (!state.listings.has(sku)) return sendErrors(res, 404, "NOT_FOUND", `SKU '${sku}' not found in marketplace ${q.marketplaceId}`, "", headers);
  state.deleteListing(sku);
  sendJson(res, 200, { sku, status: "ACCEPTED", submissionId: randomUUID(), issues: [] }, headers);
}

export function searchListingsItems(state: AmazonSandboxState, url: URL, res: ServerResponse, headers: Record<string, string>): void {
  const q = commonQuery(state, url, ["summaries"]);
  if ("error" in q) return sendErrors(res, 400, "InvalidInput", q.error, "", headers);
  const pageSize = url.searchParams.has("pageSize") ? Number(url.searchParams.get("pageSize")) : 10;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 20) return sendErrors(res, 400, "InvalidInput", "pageSize must be an integer between 1 and 20.", "", headers);
  const token = url.searchParams.get("pageToken");
  const offset = token === null ? 0 : Number(Buffer.from(token, "base64url").toString("utf8").replace(/^offset:/, ""));
  if (!Number.isInteger(offset) || offset < 0) return sendErrors(res, 400, "InvalidInput", "Invalid pageToken.", "", headers);
  // identifiers + identifiersType (the model: at most 20; required together). The sandbox knows SKUs only.
  const identifiers = csv(url.searchParams.get("identifiers"));
  const identifiersType = url.searchParams.get("identifiersType");
  if ((identifiers.length > 0) !== (identifiersType !== null))
    return sendErrors(res, 400, "InvalidInput", "identifiers and identifiersType must be given together.", "", headers);
  if (identifiers.length > 20) return sendErrors(res, 400, "InvalidInput", "identifiers takes at most 20 values.", "", headers);
  if (identifiersType !== null && !IDENTIFIER_TYPES.includes(identifiersType)) return sendErrors(res, 400, "InvalidInput", `Invalid identifiersType: ${identifiersType}.`, "", headers);
  if (identifiersType !== null && identifiersType !== "SKU") return sendErrors(res, 400, "InvalidInput", `The sandbox searches by SKU only, not ${identifiersType}.`, "", headers);
  const wanted = identifiers.length ? new Set(identifiers) : null;
  // The model caps paging at 1000 SKUs; SKU order keeps pages stable while listings change.
  const all = [...state.listings.values()].filter((l) => !wanted || wanted.has(l.sku)).sort((a, b) => a.sku.localeCompare(b.sku)).slice(0, 1000);
  const page = all.slice(offset, offset + pageSize);
  const tokenFor = (o: number) => Buffer.from(`offset:${o}`).toString("base64url");
  const pagination: Record<string, string> = {};
  if (offset + pageSize < all.length) pagination.nextToken = tokenFor(offset + pageSize);
  if (offset > 0) pagination.previousToken = tokenFor(Math.max(0, offset - pageSize));
  sendJson(res, 200, { numberOfResults: wanted ? all.length : state.listings.size, pagination, items: page.map((l) => renderItem(l, q.marketplaceId, q.included)) }, headers);
}

const invalidAttribute = (attribute: string, message: string, marketplaceId: string): SandboxIssue => ({
  code: "90000900", // the model's code for "The attributes are invalid."
  message: `The attributes are invalid. '${attribute}': ${message}`,
  severity: "ERROR",
  attributeNames: [attribute],
  categories: ["INVALID_ATTRIBUTE"],
  marketplaceIds: [marketplaceId],
});

/** Checks an image locator's value the way Amazon does before accepting the submission. */
function imageValueIssue(p: PatchOp, marketplaceId: string): SandboxIssue | null {
  if (p.op === "delete" || !IMAGE_ATTRIBUTES.includes(p.attribute)) return null;
  const loc = mediaLocationOf(p.value);
  if (loc === null) return invalidAttribute(p.attribute, "media_location is required.", marketplaceId);
  let u: URL | null = null;
  try {
    u = new URL(loc);
  } catch {
    u = null;
  }
  if (!u || (u.protocol !== "https:" && u.protocol !== "http:")) return invalidAttribute(p.attribute, `media_location '${loc}' is not a valid URL.`, marketplaceId);
  return null;
}

export async function patchListingsItem(state: AmazonSandboxState, url: URL, sku: string, req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): Promise<void> {
  const q = commonQuery(state, url, ["issues"]);
  if ("error" in q) return sendErrors(res, 400, "InvalidInput", q.error, "", headers);
  if (!req.headers["content-type"]?.includes("application/json")) return sendErrors(res, 415, "UnsupportedMediaType", "Content-Type must be application/json.", "", headers);
  const text = await readBody(req);
  if (text === null) return sendErrors(res, 413, "RequestEntityTooLarge", "The request body is too large.", "", headers);
  let body: Json;
  try {
    body = JSON.parse(text) as Json;
  } catch {
    return sendErrors(res, 400, "InvalidInput", "Request has missing or invalid parameters and cannot be parsed.", "The body is not valid JSON.", headers);
  }
  const problems = validateListingsBody("ListingsItemPatchRequest", body);
  if (problems.length) return sendErrors(res, 400, "InvalidInput", "Request has missing or invalid parameters and cannot be parsed.", problems.join("; "), headers);
  const request = body as { productType: string; patches: Array<{ op: PatchOp["op"]; path: string; value?: Json[] }> };
  const patches: PatchOp[] = [];
  for (const p of request.patches) {
    const m = /^\/attributes\/([A-Za-z0-9_]+)$/.exec(p.path);
    if (!m) return sendErrors(res, 400, "InvalidInput", `Only top-level attributes can be patched: '${p.path}'.`, "", headers);
    patches.push({ op: p.op, attribute: m[1]!, value: p.value });
  }
  const reply: Reply = (status, b) => sendJson(res, status, b, headers);
  const submissionId = randomUUID();
  const invalid = (issues: SandboxIssue[]) => reply(200, { sku, status: "INVALID", submissionId, issues });
  const listing = state.listings.get(sku);
  if (!listing)
    return invalid([{ ...invalidAttribute("sku", `SKU '${sku}' does not exist; create it before patching.`, q.marketplaceId), attributeNames: [], categories: [] }]);
  if (request.productType !== listing.productType)
    return invalid([invalidAttribute("productType", `'${request.productType}' does not match the listing's product type '${listing.productType}'.`, q.marketplaceId)]);
  const issues = patches.map((p) => imageValueIssue(p, q.marketplaceId)).filter((i): i is SandboxIssue => i !== null);
  if (issues.length) return invalid(issues);
  if (url.searchParams.get("mode") === "VALIDATION_PREVIEW") return reply(200, { sku, status: "VALID", submissionId, issues: [] });
  state.ingestion.schedule({ submissionId, sku, marketplaceId: q.marketplaceId, patches });
  reply(200, { sku, status: "ACCEPTED", submissionId, issues: [] });
}

export function getMarketplaceParticipations(state: AmazonSandboxState, res: ServerResponse, headers: Record<string, string>): void {
  sendJson(
    res,
    200,
    {
      payload: [
        {
          marketplace: { id: state.opts.marketplaceId, name: "Amazon.com", countryCode: "US", defaultCurrencyCode: "USD", defaultLanguageCode: "en_US", domainName: "www.amazon.com" },
          storeName: state.opts.storeName,
          participation: { isParticipating: true, hasSuspendedListings: false },
        },
      ],
    },
    headers,
  );
}
