// "Add to collection…" for the selected assets: an existing collection, or a new one by name.
import { useEffect, useState } from "react";
import { BlockStack, Modal, Select, TextField } from "@shopify/polaris";

export interface AddToCollectionModalProps {
  open: boolean;
  count: number;
  collections: Array<{ id: string; name: string }>;
  loading?: boolean;
  onClose(): void;
  onSubmit(target: { collectionId: string } | { newName: string }): void;
}

const NEW = "__new__";

export function AddToCollectionModal({ open, count, collections, loading, onClose, onSubmit }: AddToCollectionModalProps) {
  const [choice, setChoice] = useState(NEW);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    if (open) {
      setChoice(collections[0]?.id ?? NEW);
      setName("");
      setError(undefined);
    }
  }, [open, collections]);
  const submit = () => {
    if (choice !== NEW) return onSubmit({ collectionId: choice });
    const n = name.trim();
    if (!n) return setError("Name the new collection.");
    if (n.length > 80) return setError("Use at most 80 characters.");
    onSubmit({ newName: n });
  };
  return (
    <Modal
      open={open}
      onClose={onClose}
      title={`Add ${count} ${count === 1 ? "asset" : "assets"} to a collection`}
      primaryAction={{ content: "Add", onAction: submit, loading }}
      secondaryActions={[{ content: "Cancel", onAction: onClose }]}
    >
      <Modal.Section>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <BlockStack gap="300">
            <Select
              label="Collection"
              options={[...collections.map((c) => ({ label: c.name, value: c.id })), { label: "New collection…", value: NEW }]}
              value={choice}
              onChange={setChoice}
            />
            {choice === NEW && (
              <TextField
                label="Name of the new collection"
                value={name}
                onChange={(v) => {
                  setName(v);
                  setError(undefined);
                }}
                autoComplete="off"
                autoFocus
                placeholder="Spring 2027 campaign"
                error={error}
              />
            )}
          </BlockStack>
        </form>
      </Modal.Section>
    </Modal>
  );
}
