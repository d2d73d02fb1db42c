import { Modal, Text } from "@shopify/polaris";

export interface ConfirmModalProps {
  open: boolean;
  title: string;
  body: string;
  confirm: string;
  destructive?: boolean;
  loading?: boolean;
  onConfirm(): void;
  onClose(): void;
}

/** "Are you sure?" before a change that reaches channels. */
export function ConfirmModal({ open, title, body, confirm, destructive, loading, onConfirm, onClose }: ConfirmModalProps) {
  return (
    <Modal
      open={open}
      onClose={onClose}
      title={title}
      primaryAction={{ content: confirm, onAction: onConfirm, destructive, loading }}
      secondaryActions={[{ content: "Cancel", onAction: onClose }]}
    >
      <Modal.Section>
        <Text as="p">{body}</Text>
      </Modal.Section>
    </Modal>
  );
}
