// The collections an asset is in, with add/remove for people who may edit it.
import { useState } from "react";
import { Link } from "@remix-run/react";
import { BlockStack, Button, Card, InlineStack, Select, Tag, Text } from "@shopify/polaris";

export interface AssetCollectionsCardProps {
  collections: Array<{ id: string; name: string }>;
  all: Array<{ id: string; name: string }>;
  readOnly: boolean;
  busy: boolean;
  onAdd(collectionId: string): void;
  onRemove(collectionId: string): void;
}

export function AssetCollectionsCard({ collections, all, readOnly, busy, onAdd, onRemove }: AssetCollectionsCardProps) {
  const inIds = new Set(collections.map((c) => c.id));
  const options = all.filter((c) => !inIds.has(c.id));
  const [pick, setPick] = useState("");
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingSm">
          Collections
        </Text>
        {collections.length ? (
          <InlineStack gap="200">
            {collections.map((c) => (
              <Tag key={c.id} onRemove={readOnly || busy ? undefined : () => onRemove(c.id)}>
                <Link to={`/app?collection=${c.id}`}>{c.name}</Link>
              </Tag>
            ))}
          </InlineStack>
        ) : (
          <Text as="p" tone="subdued">
            Not in any collection.
          </Text>
        )}
        {!readOnly && options.length > 0 && (
          <InlineStack gap="200" blockAlign="end" wrap={false}>
            <div style={{ flex: 1 }}>
              <Select
                label="Add to collection"
                options={[{ label: "Choose…", value: "" }, ...options.map((c) => ({ label: c.name, value: c.id }))]}
                value={pick}
                onChange={setPick}
              />
            </div>
            <Button
              disabled={!pick || busy}
              onClick={() => {
                onAdd(pick);
                setPick("");
              }}
            >
              Add
            </Button>
          </InlineStack>
        )}
      </BlockStack>
    </Card>
  );
}
