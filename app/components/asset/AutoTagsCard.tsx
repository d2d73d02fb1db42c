// The asset's tags by facet (colour, background, orientation, text, …) with where each came from (user,
// the file's metadata, its filename or folder, the Shopify catalogue of the products it is placed on, or
// an analyser with its confidence): suggestions with Accept / Reject, accepted
// auto tags with Reject, rejected ones in a collapsed list with Undo. Plus the text read in the image.
import { useState } from "react";
import { Badge, BlockStack, Box, Button, Card, Collapsible, Divider, InlineStack, Text } from "@shopify/polaris";
import type { TagView } from "../library/types";

export interface PanelTag extends TagView {
  id: string | null;
  state: string;
}

export interface AutoTagsCardProps {
  tags: PanelTag[];
  analyses: Array<{ analyser: string; status: string; error: string | null }>;
  text: { content: string; language: string | null } | null;
  canEdit: boolean;
  /** The tag being decided on right now (its buttons spin). */
  busyTagId: string | null;
  analysing: boolean;
  onDecide(tagId: string, decision: "accept" | "reject" | "undo"): void;
  onAnalyse(): void;
}

const FACET_TITLES: Record<string, string> = {
  colour: "Colour",
  background: "Background",
  orientation: "Orientation",
  aspect: "Aspect ratio",
  size: "Size",
  text: "Text",
  language: "Language",
  people: "People",
  object: "Objects",
  safety: "Safety",
  keyword: "Keywords",
  filename: "Filename",
  folder: "Folder",
};
const CHANNELS: Record<string, string> = { shopify: "Shopify", amazon: "Amazon", tiktok: "TikTok Shop" };
const CATALOGUE_FIELDS: Record<string, string> = { product_type: "product type", vendor: "vendor", collection: "collection", product_tag: "product tag" };
const NAME_ANALYSERS: Record<string, string> = { filename: "Filename", folder: "Folder" };

/** Catalogue tags carry "<channel>.<field>" as their analyser ("shopify.vendor"). */
function catalogueOrigin(t: Pick<PanelTag, "analyser">): { channel: string; field: string | null } {
  const [channel = "", field = ""] = (t.analyser ?? "").split(".");
  return { channel: CHANNELS[channel] ?? "Shopify", field: CATALOGUE_FIELDS[field] ?? null };
}

/** Where a tag came from, in the merchant's words: "Shopify catalogue", "Filename", "Folder", "auto", "from file", "user". */
export function sourceLabel(t: Pick<PanelTag, "source" | "analyser">): string {
  if (t.source === "catalogue") return `${catalogueOrigin(t).channel} catalogue`;
  if (t.source === "auto") return NAME_ANALYSERS[t.analyser ?? ""] ?? "auto";
  return t.source === "metadata" ? "from file" : "user";
}

/** The chip's tooltip: which analyser, field or file detail suggested it. */
function sourceTitle(t: PanelTag): string | undefined {
  if (t.source === "catalogue") {
    const o = catalogueOrigin(t);
    return `From the ${o.field ?? "catalogue"} of a product it is placed on (${o.channel})`;
  }
  if (t.analyser === "filename") return "From the file's name";
  if (t.analyser === "folder") return "From the folder it was uploaded from";
  return t.analyser ? `Suggested by the ${t.analyser} analyser` : undefined;
}
const LANGUAGES: Record<string, string> = { en: "English", zh: "Chinese", mixed: "Chinese and English", other: "Other script" };

/** "blue · 蓝色 · auto 92%" — the chip's text: label, Chinese name, source (and confidence for auto tags). */
export function chipText(t: PanelTag): string {
  const source = t.source === "auto" ? `${sourceLabel(t)} ${Math.round(t.confidence * 100)}%` : sourceLabel(t);
  return [t.label, t.labelZh, source].filter(Boolean).join(" · ");
}

function groupOf(t: PanelTag): string {
  if (t.source === "user") return "Your tags";
  if (t.source === "metadata") return "From the file";
  if (t.source === "catalogue") return sourceLabel(t);
  return FACET_TITLES[t.facet ?? ""] ?? "Other";
}

export function AutoTagsCard({ tags, analyses, text, canEdit, busyTagId, analysing, onDecide, onAnalyse }: AutoTagsCardProps) {
  const [showRejected, setShowRejected] = useState(false);
  const visible = tags.filter((t) => t.state !== "rejected");
  const rejected = tags.filter((t) => t.state === "rejected");
  const groups = new Map<string, PanelTag[]>();
  for (const t of visible) groups.set(groupOf(t), [...(groups.get(groupOf(t)) ?? []), t]);
  const failed = analyses.filter((a) => a.status === "failed");
  const suggestions = visible.filter((t) => t.state === "suggested").length;

  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingSm">
              Tags
            </Text>
            {suggestions > 0 && <Badge tone="attention">{`${suggestions} to review`}</Badge>}
          </InlineStack>
          {canEdit && (
            <Button variant="plain" onClick={onAnalyse} loading={analysing}>
              Analyse again
            </Button>
          )}
        </InlineStack>
        {visible.length === 0 && (
          <Text as="p" variant="bodySm" tone="subdued">
            {analyses.length ? "No tags yet." : "No tags yet. Images are tagged automatically after processing."}
          </Text>
        )}
        {[...groups].map(([title, list]) => (
          <BlockStack gap="100" key={title}>
            <Text as="h3" variant="headingXs" tone="subdued">
              {title}
            </Text>
            <BlockStack gap="100">
              {list.map((t) => (
                <TagRow key={t.name} tag={t} canEdit={canEdit} busy={busyTagId === t.id} onDecide={onDecide} />
              ))}
            </BlockStack>
          </BlockStack>
        ))}
        {failed.length > 0 && (
          <Text as="p" variant="bodySm" tone="caution">
            {failed.map((a) => `The ${a.analyser} analyser failed: ${a.error ?? "no reason given"}.`).join(" ")}
          </Text>
        )}
        {rejected.length > 0 && (
          <BlockStack gap="100">
            <Box>
              <Button variant="plain" disclosure={showRejected ? "up" : "down"} onClick={() => setShowRejected((s) => !s)}>
                {`Rejected (${rejected.length})`}
              </Button>
            </Box>
            <Collapsible id="rejected-tags" open={showRejected}>
              <BlockStack gap="100">
                {rejected.map((t) => (
                  <TagRow key={t.name} tag={t} canEdit={canEdit} busy={busyTagId === t.id} onDecide={onDecide} />
                ))}
              </BlockStack>
            </Collapsible>
          </BlockStack>
        )}
        {text && (
          <BlockStack gap="100">
            <Divider />
            <InlineStack align="space-between" blockAlign="center">
              <Text as="h3" variant="headingXs" tone="subdued">
                Text in the image
              </Text>
              {text.language && <Badge size="small">{LANGUAGES[text.language] ?? text.language}</Badge>}
            </InlineStack>
            <div data-testid="ocr-text" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
              <Text as="p" variant="bodySm">
                {text.content}
              </Text>
            </div>
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}

function TagRow({ tag, canEdit, busy, onDecide }: { tag: PanelTag; canEdit: boolean; busy: boolean; onDecide: AutoTagsCardProps["onDecide"] }) {
  const decidable = canEdit && tag.id !== null && tag.source !== "user";
  const tone = tag.state === "suggested" ? "attention" : tag.state === "rejected" ? undefined : tag.source === "auto" || tag.source === "catalogue" ? "info" : undefined;
  return (
    <InlineStack gap="200" align="space-between" blockAlign="center" wrap={false}>
      <span data-testid="tag-chip" data-tag={tag.name} data-state={tag.state} data-source={tag.source} title={sourceTitle(tag)}>
        <Badge tone={tone} progress={tag.state === "suggested" ? "incomplete" : tag.state === "rejected" ? undefined : "complete"}>{chipText(tag)}</Badge>
      </span>
      {decidable && (
        <InlineStack gap="100" wrap={false}>
          {tag.state === "suggested" && (
            <Button size="micro" onClick={() => onDecide(tag.id!, "accept")} loading={busy} accessibilityLabel={`Accept ${tag.label}`}>
              Accept
            </Button>
          )}
          {tag.state !== "rejected" && (
            <Button size="micro" variant="tertiary" tone="critical" onClick={() => onDecide(tag.id!, "reject")} disabled={busy} accessibilityLabel={`Reject ${tag.label}`}>
              Reject
            </Button>
          )}
          {tag.state === "rejected" && (
            <Button size="micro" variant="tertiary" onClick={() => onDecide(tag.id!, "undo")} loading={busy} accessibilityLabel={`Undo rejecting ${tag.label}`}>
              Undo
            </Button>
          )}
        </InlineStack>
      )}
    </InlineStack>
  );
}
