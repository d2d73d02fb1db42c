// The asset's editable fields. Values are local until Save; a background refresh (processing polls)
// never overwrites edits in progress.
import { useEffect, useMemo, useRef, useState } from "react";
import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, Text, TextField } from "@shopify/polaris";
import type { AssetView } from "../library/types";
import { TagEditor } from "./TagEditor";

export interface DetailsValues {
  title: string;
  description: string;
  markets: string;
  languages: string;
  campaign: string;
  tags: string[];
}

export type DetailsField = keyof DetailsValues;

export interface AssetDetailsFormProps {
  asset: AssetView;
  saving: boolean;
  error?: string | null;
  fieldErrors?: Partial<Record<DetailsField, string>>;
  onSave(values: DetailsValues): void;
  /** The caller may not edit this asset: show the values, offer no Save. */
  readOnly?: boolean;
  /** Bumped by the page after a successful save: the form then takes the server's (normalised) values. */
  savedCount?: number;
}

function fromAsset(a: AssetView): DetailsValues {
  return {
    title: a.title,
    description: a.description,
    markets: a.markets.join(", "),
    languages: a.languages.join(", "),
    campaign: a.campaign ?? "",
    tags: a.tags.filter((t) => t.source === "user").map((t) => t.label),
  };
}

export function AssetDetailsForm({ asset, saving, error, fieldErrors = {}, onSave, savedCount = 0, readOnly = false }: AssetDetailsFormProps) {
  const initial = useMemo(() => fromAsset(asset), [asset]);
  const initialKey = JSON.stringify(initial);
  const [values, setValues] = useState(initial);
  const prevKey = useRef(initialKey);
  const dirty = JSON.stringify(values) !== initialKey;

  useEffect(() => {
    // Take the server's values when they change, unless the merchant has unsaved edits.
    setValues((v) => (JSON.stringify(v) === prevKey.current ? (JSON.parse(initialKey) as DetailsValues) : v));
    prevKey.current = initialKey;
  }, [initialKey]);

  useEffect(() => {
    if (savedCount > 0) setValues(JSON.parse(prevKey.current) as DetailsValues);
  }, [savedCount]);

  const set =
    <K extends DetailsField>(k: K) =>
    (v: DetailsValues[K]) =>
      setValues((s) => ({ ...s, [k]: v }));
  // The file's own keywords; auto tags are on the Tags card.
  const readOnlyTags = asset.tags.filter((t) => t.source === "metadata").map((t) => t.label);

  return (
    <Card>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onSave(values);
        }}
        data-testid="details-form"
      >
        <BlockStack gap="400">
          <Text as="h2" variant="headingSm">
            Details
          </Text>
          {error && <Banner tone="critical">{error}</Banner>}
          <FormLayout>
            <TextField
              label="Title"
              value={values.title}
              onChange={set("title")}
              autoComplete="off"
              error={fieldErrors.title}
              maxLength={255}
            />
            <TextField
              label="Description"
              value={values.description}
              onChange={set("description")}
              autoComplete="off"
              multiline={3}
              maxHeight={200}
              error={fieldErrors.description}
            />
            <TextField
              label="Markets"
              value={values.markets}
              onChange={set("markets")}
              autoComplete="off"
              placeholder="US, DE, JP"
              helpText="Country or region codes, separated by commas."
              error={fieldErrors.markets}
            />
            <TextField
              label="Languages"
              value={values.languages}
              onChange={set("languages")}
              autoComplete="off"
              placeholder="en, de, zh-CN"
              helpText="Language codes of any text in the image."
              error={fieldErrors.languages}
            />
            <TextField
              label="Campaign"
              value={values.campaign}
              onChange={set("campaign")}
              autoComplete="off"
              placeholder="Summer sale"
              error={fieldErrors.campaign}
            />
            <TagEditor tags={values.tags} onChange={set("tags")} readOnly={readOnlyTags} error={fieldErrors.tags} />
          </FormLayout>
          <InlineStack align="end" gap="200">
            {dirty && (
              <Button onClick={() => setValues(initial)} disabled={saving}>
                Discard
              </Button>
            )}
            <Button variant="primary" submit loading={saving} disabled={!dirty || readOnly}>
              Save
            </Button>
          </InlineStack>
        </BlockStack>
      </form>
    </Card>
  );
}
