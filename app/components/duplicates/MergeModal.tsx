// Merge a group: choose the asset to keep, read the preview (the server's dry run — exactly what the merge
// will do), then Merge. Nothing changes until Merge is pressed; nothing is deleted by it.
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Box, ChoiceList, List, Modal, Spinner, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { DuplicatesAnswer } from "~/routes/app.duplicates";
import type { GroupView } from "./DuplicateGroupCard";

type Merge = Extract<DuplicatesAnswer, { merge: unknown }>["merge"];

export function MergeModal({ group, onClose, onMerged }: { group: GroupView; onClose(): void; onMerged(message: string): void }) {
  const [survivorId, setSurvivorId] = useState(group.suggestedSurvivorId);
  const preview = useFetcher<DuplicatesAnswer>();
  const merge = useFetcher<DuplicatesAnswer>();
  const others = group.assets.filter((a) => a.id !== survivorId).map((a) => a.id);

  const send = (f: typeof preview, intent: "preview" | "merge") => {
    const form = new FormData();
    form.set("intent", intent);
    form.set("survivorId", survivorId);
    for (const id of others) form.append("assetId", id);
    f.submit(form, { method: "post", action: "/app/duplicates" });
  };
  // Ask for the preview whenever the choice changes.
  useEffect(() => {
    send(preview, "preview");
  }, [survivorId]);
  useEffect(() => {
    if (merge.state === "idle" && merge.data?.ok && merge.data.intent === "merge") onMerged(merge.data.message);
  }, [merge.state, merge.data, onMerged]);

  const p = preview.state === "idle" && preview.data?.ok && preview.data.intent === "preview" && preview.data.merge.survivor.id === survivorId ? preview.data.merge : null;
  const error = (merge.data && !merge.data.ok && merge.data.error) || (preview.data && !preview.data.ok && preview.data.error) || null;

  return (
    <Modal
      open
      title="Merge duplicates"
      onClose={onClose}
      primaryAction={{ content: "Merge", destructive: true, disabled: !p, loading: merge.state !== "idle", onAction: () => send(merge, "merge") }}
      secondaryActions={[{ content: "Cancel", onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="400">
          {error && <Banner tone="critical">{error}</Banner>}
          <ChoiceList
            title="Keep"
            choices={group.assets.map((a) => ({ label: `${a.title} — ${a.versionCount} version${a.versionCount === 1 ? "" : "s"}, ${a.placements} placement${a.placements === 1 ? "" : "s"}`, value: a.id }))}
            selected={[survivorId]}
            onChange={(v) => v[0] && setSurvivorId(v[0])}
          />
          {!p && !error && <Spinner accessibilityLabel="Working out what the merge will do" size="small" />}
          {p && <MergePreview m={p} />}
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}

function MergePreview({ m }: { m: Merge }) {
  return (
    <BlockStack gap="300">
      <Text as="p">
        {m.merged.map((a) => `“${a.title}”`).join(", ")} will be archived and marked as merged into “{m.survivor.title}”. Nothing is deleted.
      </Text>
      {m.slotConflicts.length > 0 && (
        <Banner tone="warning" title="Listings that already show the kept asset">
          <List>{m.slotConflicts.map((c) => <List.Item key={c.placementId}>{c.message}</List.Item>)}</List>
        </Banner>
      )}
      {m.rightsConflicts.length > 0 && (
        <Banner tone="warning" title="Rights differ">
          <List>{m.rightsConflicts.map((r, i) => <List.Item key={i}>{r.message}</List.Item>)}</List>
        </Banner>
      )}
      <Section title={`Versions moving (${m.versions.length})`}>
        {m.versions.map((v) => <List.Item key={v.versionId}>{v.from.title} v{v.from.number} → v{v.number} of “{m.survivor.title}” ({v.state.replace("_", " ")}, {v.filename})</List.Item>)}
      </Section>
      <Section title={`Placements moving (${m.placements.length})`}>
        {m.placements.map((p) => <List.Item key={p.placementId}>{p.listingTitle} ({p.channel}, {p.slot}): {p.follows}{p.publish ? " — will be published again" : ""}</List.Item>)}
      </Section>
      {m.tags.length > 0 && <Text as="p">Tags added: {m.tags.map((t) => t.label).join(", ")}</Text>}
      {m.tagsKept.length > 0 && <Text as="p" tone="subdued">Kept as they are: {m.tagsKept.map((t) => `${t.label} (${t.state})`).join(", ")}</Text>}
      {m.collections.length > 0 && <Text as="p">Added to collections: {m.collections.map((c) => c.name).join(", ")}</Text>}
      {m.fixes.length > 0 && <Text as="p">Rendition fixes kept: {m.fixes.map((f) => `${f.presetId} (from “${f.fromTitle}”)`).join(", ")}</Text>}
      {m.fixesKept.length > 0 && <Text as="p" tone="subdued">“{m.survivor.title}” keeps its own fix for {m.fixesKept.map((f) => f.presetId).join(", ")}; the merged asset's stays with it.</Text>}
      {m.shopFallback && <Text as="p">“{m.survivor.title}” becomes the shop's default fallback image.</Text>}
      {m.shareLinks > 0 && <Text as="p">{m.shareLinks} share link{m.shareLinks === 1 ? "" : "s"} will show “{m.survivor.title}” instead.</Text>}
      <Text as="p" tone="subdued">{m.listingsToPublish ? `${m.listingsToPublish} listing${m.listingsToPublish === 1 ? "" : "s"} will be published again.` : "No listing changes what it shows."}</Text>
    </BlockStack>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode[] }) {
  if (!children.length) return null;
  return (
    <Box>
      <Text as="h3" variant="headingSm">{title}</Text>
      <List>{children}</List>
    </Box>
  );
}
