// Picks the fallback asset: the image that replaces this one on listings when its licence ends.
// Searches the library by title (the library route's own loader, so scope rules apply).
import { useEffect, useMemo, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { Autocomplete, BlockStack, Button, Icon, InlineStack, Text, Thumbnail } from "@shopify/polaris";
import { SearchIcon } from "@shopify/polaris-icons";

interface Found {
  id: string;
  title: string;
  kind: string;
  thumbnailUrl: string | null;
}

export interface FallbackPickerProps {
  assetId: string;
  kind: string;
  value: { id: string; title: string } | null;
  disabled: boolean;
  onChange(v: { id: string; title: string } | null): void;
}

const HELP = "Replaces this asset on the listings it is placed on when its licence ends (or its rights stop it on a channel).";

export function FallbackPicker({ assetId, kind, value, disabled, onChange }: FallbackPickerProps) {
  const search = useFetcher<{ items?: Found[] }>();
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return;
    const t = setTimeout(() => search.load(`/app?index&kind=${encodeURIComponent(kind)}&limit=8${text.trim() ? `&q=${encodeURIComponent(text.trim())}` : ""}`), 250);
    return () => clearTimeout(t);
  }, [text, open, kind]);
  const found = useMemo(() => (search.data?.items ?? []).filter((a) => a.id !== assetId), [search.data, assetId]);

  if (!open)
    return (
      <BlockStack gap="100">
        <Text as="span" variant="bodyMd">Fallback asset</Text>
        <InlineStack gap="200" blockAlign="center">
          <Text as="span" tone={value ? undefined : "subdued"}>{value ? value.title : "None — the listing's next image moves up"}</Text>
          {!disabled && <Button variant="plain" onClick={() => setOpen(true)}>{value ? "Change" : "Choose"}</Button>}
          {!disabled && value && <Button variant="plain" tone="critical" onClick={() => onChange(null)}>Remove</Button>}
        </InlineStack>
        <Text as="p" variant="bodySm" tone="subdued">{HELP}</Text>
      </BlockStack>
    );
  return (
    <Autocomplete
      options={found.map((a) => ({ value: a.id, label: a.title, media: <Thumbnail size="extraSmall" source={a.thumbnailUrl ?? ""} alt="" /> }))}
      selected={value ? [value.id] : []}
      loading={search.state === "loading"}
      onSelect={(ids) => {
        const pick = found.find((a) => a.id === ids[0]);
        if (pick) onChange({ id: pick.id, title: pick.title });
        setOpen(false);
        setText("");
      }}
      textField={
        <Autocomplete.TextField
          label="Fallback asset"
          value={text}
          onChange={setText}
          prefix={<Icon source={SearchIcon} />}
          placeholder="Search the library by title"
          helpText={HELP}
          autoComplete="off"
          autoFocus
          onBlur={() => setTimeout(() => setOpen(false), 200)}
        />
      }
      emptyState={<Text as="p" tone="subdued">No matching assets.</Text>}
    />
  );
}
