// Asynchronous processing after patchListingsItem answered ACCEPTED: after the processing delay each
// new media_location is downloaded and checked, then the whole submission is applied at once and the
// images that failed leave issues on the listing (visible with includedData=issues). Submissions for
// one SKU are processed in order.
import type { Json } from "./json-schema";
import { checkImage, MAIN_BACKGROUND_ISSUE, type ImageVerdict, type MediaFacts } from "./image-check";
import { IMAGE_ATTRIBUTES, type SandboxListing } from "./listings";

export interface PatchOp {
  op: "add" | "replace" | "merge" | "delete";
  /** The top-level attribute name (from path "/attributes/<name>"). */
  attribute: string;
  value: Json[] | undefined;
}

export interface Submission {
  submissionId: string;
  sku: string;
  marketplaceId: string;
  patches: PatchOp[];
}

export interface IngestionHost {
  listing(sku: string): SandboxListing | undefined;
  now(): number;
  /** Real milliseconds to wait before processing a submission. */
  delayMs(): number;
  /** Images Amazon already holds (seeded, or ingested before): never downloaded again (URLs are immutable). */
  knownMedia: Map<string, MediaFacts>;
}

export const mediaLocationOf = (value: Json[] | undefined): string | null => {
  const first = value?.[0];
  if (!first || typeof first !== "object" || Array.isArray(first)) return null;
  const loc = first.media_location;
  return typeof loc === "string" ? loc : null;
};

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class Ingestion {
  private readonly chains = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();
  processed = 0;
  /** Submissions whose processing crashed (a sandbox bug, not an image issue): tests can assert it is empty. */
  readonly errors: Array<{ submissionId: string; error: string }> = [];

  constructor(private readonly host: IngestionHost) {}

  schedule(sub: Submission): void {
    const prev = this.chains.get(sub.sku) ?? Promise.resolve();
    const next = prev
      .then(() => this.process(sub))
      .catch((e: unknown) => void this.errors.push({ submissionId: sub.submissionId, error: e instanceof Error ? e.message : String(e) }));
    this.chains.set(sub.sku, next);
    this.inFlight.add(next);
    void next.finally(() => {
      this.inFlight.delete(next);
      if (this.chains.get(sub.sku) === next) this.chains.delete(sub.sku);
    });
  }

  /** Resolves once every submission accepted so far (and any accepted meanwhile) is processed. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private async verdict(url: string, isMain: boolean): Promise<ImageVerdict> {
    let facts = this.host.knownMedia.get(url);
    if (!facts) {
      const v = await checkImage(url);
      if (!v.ok) return v;
      facts = { width: v.width, height: v.height, whiteBackground: v.whiteBackground };
      this.host.knownMedia.set(url, facts);
    }
    if (isMain && !facts.whiteBackground) return { ok: false, ...MAIN_BACKGROUND_ISSUE };
    return { ok: true, ...facts };
  }

  private async process(sub: Submission): Promise<void> {
    const delay = this.host.delayMs();
    if (delay > 0) await sleep(delay);
    const verdicts = new Map<string, ImageVerdict>();
    for (const p of sub.patches) {
      const url = p.op === "delete" ? null : mediaLocationOf(p.value);
      if (url && IMAGE_ATTRIBUTES.includes(p.attribute)) verdicts.set(p.attribute, await this.verdict(url, p.attribute === IMAGE_ATTRIBUTES[0]));
    }
    const listing = this.host.listing(sub.sku);
    if (!listing) return; // deleted while processing
    for (const p of sub.patches) apply(listing, p, verdicts.get(p.attribute), sub.marketplaceId);
    listing.lastUpdatedDate = new Date(this.host.now()).toISOString();
    this.processed++;
  }
}

function apply(l: SandboxListing, p: PatchOp, verdict: ImageVerdict | undefined, marketplaceId: string): void {
  const isMain = p.attribute === IMAGE_ATTRIBUTES[0];
  if (p.op === "delete") {
    delete l.attributes[p.attribute];
    l.imageIssues.delete(p.attribute);
    if (isMain) l.mainImage = null;
    return;
  }
  // merge of a top-level attribute replaces the values it names; the sandbox treats it as replace.
  l.attributes[p.attribute] = p.value ?? [];
  if (!verdict) return;
  if (verdict.ok) {
    l.imageIssues.delete(p.attribute);
    if (isMain) l.mainImage = { link: mediaLocationOf(p.value) ?? "", width: verdict.width, height: verdict.height };
    return;
  }
  l.imageIssues.set(p.attribute, {
    code: verdict.code,
    message: verdict.message,
    severity: "ERROR",
    attributeNames: [p.attribute],
    categories: ["INVALID_IMAGE"],
    marketplaceIds: [marketplaceId],
  });
}
