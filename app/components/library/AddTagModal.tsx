import { useEffect, useState } from "react";
import { BlockStack, Modal, Text, TextField } from "@shopify/polaris";
import { splitList } from "./format";

export interface AddTagModalProps {
  open: boolean;
  count: number;
  loading?: boolean;
  onClose(): void;
  onSubmit(labels: string[]): void;
}

/** "Add tag…" for the selected assets: one or more comma-separated tags. */
export function AddTagModal({ open, count, loading, onClose, onSubmit }: AddTagModalProps) {
  const [value, setValue] = useState("");
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    if (open) {
      setValue("");
      setError(undefined);
    }
  }, [open]);
  const submit = () => {
    const labels = splitList(value);
    if (!labels.length) return setError("Enter at least one tag.");
    if (labels.some((l) => l.length > 80)) return setError("Tags can be at most 80 characters.");
    onSubmit(labels);
  };
  return (
    <Modal
      open={open}
      onClose={onClose}
      title={`Add tags to ${count} ${count === 1 ? "asset" : "assets"}`}
      primaryAction={{ content: "Add tags", onAction: submit, loading }}
      secondaryActions={[{ content: "Cancel", onAction: onClose }]}
    >
      <Modal.Section>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <BlockStack gap="200">
            <TextField
              label="Tags"
              value={value}
              onChange={(v) => {
                setValue(v);
                setError(undefined);
              }}
              autoComplete="off"
              autoFocus
              placeholder="summer, hero, lifestyle"
              error={error}
            />
            <Text as="p" variant="bodySm" tone="subdued">
              Separate tags with commas. Existing tags on the assets are kept.
            </Text>
          </BlockStack>
        </form>
      </Modal.Section>
    </Modal>
  );
}
