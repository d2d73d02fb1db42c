import { useState } from "react";
import { BlockStack, Button, InlineStack, Tag, Text, TextField } from "@shopify/polaris";
import { splitList } from "../library/format";

export interface TagEditorProps {
  tags: string[];
  onChange(tags: string[]): void;
  /** Tags that came from the file or analysis (shown, not editable here). */
  readOnly?: string[];
  error?: string;
}

/** Removable tags plus an "add" field (Enter or comma adds; several at once with commas). */
export function TagEditor({ tags, onChange, readOnly = [], error }: TagEditorProps) {
  const [draft, setDraft] = useState("");
  const add = (text: string = draft) => {
    const have = new Set(tags.map((t) => t.toLowerCase()));
    const next = [...tags];
    for (const t of splitList(text)) {
      const clean = t.replace(/\s+/g, " ").slice(0, 80);
      if (!have.has(clean.toLowerCase())) {
        have.add(clean.toLowerCase());
        next.push(clean);
      }
    }
    setDraft("");
    if (next.length !== tags.length) onChange(next);
  };
  return (
    <BlockStack gap="200">
      <div
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            add();
          }
        }}
      >
        <TextField
          label="Tags"
          value={draft}
          onChange={(v) => (v.endsWith(",") ? add(v.slice(0, -1)) : setDraft(v))}
          autoComplete="off"
          placeholder="Add a tag"
          error={error}
          connectedRight={
            <Button onClick={() => add()} disabled={!draft.trim()}>
              Add
            </Button>
          }
        />
      </div>
      {tags.length > 0 && (
        <InlineStack gap="100">
          {tags.map((t) => (
            <Tag key={t} onRemove={() => onChange(tags.filter((x) => x !== t))} accessibilityLabel={`Remove ${t}`}>
              {t}
            </Tag>
          ))}
        </InlineStack>
      )}
      {readOnly.length > 0 && (
        <BlockStack gap="100">
          <Text as="span" variant="bodySm" tone="subdued">
            From the file
          </Text>
          <InlineStack gap="100">
            {readOnly.map((t) => (
              <Tag key={t}>{t}</Tag>
            ))}
          </InlineStack>
        </BlockStack>
      )}
    </BlockStack>
  );
}
