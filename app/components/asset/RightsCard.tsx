// Usage rights of the asset: licence window, territories, channels, model release. The status badge
// is what downloads (and publishing) obey.
import { Badge, Banner, BlockStack, Button, Card, Checkbox, InlineStack, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { FallbackPicker } from "./FallbackPicker";

export interface RightsView {
  status: string;
  licensor: string | null;
  licenceStart: string | null;
  licenceEnd: string | null;
  territories: string[];
  channels: string[];
  containsPeople: boolean;
  modelReleaseRef: string | null;
}

export interface RightsValues {
  fallback: { id: string; title: string } | null;
  licensor: string;
  licenceStart: string;
  licenceEnd: string;
  territories: string;
  channels: string;
  containsPeople: boolean;
  modelReleaseRef: string;
}

const TONE: Record<string, "success" | "warning" | "critical" | "attention"> = {
  ok: "success",
  expiring: "warning",
  expired: "critical",
  restricted: "attention",
};
const LABEL: Record<string, string> = { ok: "Licensed", expiring: "Expiring soon", expired: "Licence expired", restricted: "Restricted" };

const toValues = (r: RightsView | null, fallback: { id: string; title: string } | null): RightsValues => ({
  fallback,
  licensor: r?.licensor ?? "",
  licenceStart: r?.licenceStart?.slice(0, 10) ?? "",
  licenceEnd: r?.licenceEnd?.slice(0, 10) ?? "",
  territories: r?.territories.join(", ") ?? "",
  channels: r?.channels.join(", ") ?? "",
  containsPeople: r?.containsPeople ?? false,
  modelReleaseRef: r?.modelReleaseRef ?? "",
});

export function RightsBadge({ status }: { status: string | null | undefined }) {
  if (!status || status === "ok") return null;
  return <Badge tone={TONE[status]}>{LABEL[status] ?? status}</Badge>;
}

export function RightsCard(props: {
  assetId: string;
  kind: string;
  rights: RightsView | null;
  fallback: { id: string; title: string } | null;
  readOnly: boolean;
  saving: boolean;
  error?: string | null;
  onSave(v: RightsValues): void;
}) {
  const { assetId, kind, rights, fallback, readOnly, saving, error, onSave } = props;
  const [values, setValues] = useState(() => toValues(rights, fallback));
  // Reset the form only when the saved rights change (a revalidation hands over equal but new objects).
  const saved = JSON.stringify([rights, fallback]);
  useEffect(() => setValues(toValues(rights, fallback)), [saved]);
  const set = <K extends keyof RightsValues>(k: K) => (v: RightsValues[K]) => setValues((s) => ({ ...s, [k]: v }));
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingSm">Rights</Text>
          {rights ? <Badge tone={TONE[rights.status]}>{LABEL[rights.status] ?? rights.status}</Badge> : <Text as="span" tone="subdued">None recorded</Text>}
        </InlineStack>
        {error && <Banner tone="critical">{error}</Banner>}
        <TextField label="Licensor" value={values.licensor} onChange={set("licensor")} autoComplete="off" disabled={readOnly} placeholder="Photographer or agency" />
        <InlineStack gap="200" wrap={false}>
          <TextField label="Licence from" type="date" value={values.licenceStart} onChange={set("licenceStart")} autoComplete="off" disabled={readOnly} />
          <TextField label="Licence until" type="date" value={values.licenceEnd} onChange={set("licenceEnd")} autoComplete="off" disabled={readOnly} />
        </InlineStack>
        <TextField label="Territories" value={values.territories} onChange={set("territories")} autoComplete="off" disabled={readOnly} placeholder="Worldwide" helpText="e.g. US, EU — empty: worldwide" />
        <TextField label="Channels" value={values.channels} onChange={set("channels")} autoComplete="off" disabled={readOnly} placeholder="All channels" helpText="e.g. shopify, amazon, tiktok — empty: all" />
        <Checkbox label="Shows people" checked={values.containsPeople} onChange={set("containsPeople")} disabled={readOnly} />
        {values.containsPeople && (
          <TextField label="Model release reference" value={values.modelReleaseRef} onChange={set("modelReleaseRef")} autoComplete="off" disabled={readOnly} helpText="Required to use images with people" />
        )}
        <FallbackPicker assetId={assetId} kind={kind} value={values.fallback} disabled={readOnly} onChange={set("fallback")} />
        {!readOnly && (
          <InlineStack align="end">
            <Button variant="primary" loading={saving} onClick={() => onSave(values)}>Save rights</Button>
          </InlineStack>
        )}
      </BlockStack>
    </Card>
  );
}
