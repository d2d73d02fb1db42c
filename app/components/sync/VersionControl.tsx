// Which version the asset's placements show: roll back (pin every placement to an approved version) or
// follow the latest approved version again.
import { Button, InlineStack, Select, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { ApprovedVersionView } from "./types";

export interface VersionControlProps {
  approved: ApprovedVersionView[];
  /** The version the placements show now (the pinned one, else the latest approved). */
  currentNumber: number | null;
  /** Every placement is pinned to `currentNumber`, or some are pinned. */
  pinned: boolean;
  latestApprovedNumber: number | null;
  busy: "pin" | "follow" | null;
  onPin(versionId: string): void;
  onFollowLatest(): void;
}

export function VersionControl({ approved, currentNumber, pinned, latestApprovedNumber, busy, onPin, onFollowLatest }: VersionControlProps) {
  const others = approved.filter((v) => v.number !== currentNumber);
  const [choice, setChoice] = useState(others[0]?.id ?? "");
  const key = others.map((v) => v.id).join(",");
  useEffect(() => {
    if (!others.some((v) => v.id === choice)) setChoice(others[0]?.id ?? "");
    // Only when the offered versions change.
  }, [key]);
  const chosen = others.find((v) => v.id === choice);
  const verb = chosen && currentNumber !== null && chosen.number > currentNumber ? "Pin to" : "Roll back to";
  return (
    <InlineStack gap="200" blockAlign="end" wrap>
      {others.length > 0 ? (
        <>
          <Select
            label="Version on listings"
            options={others.map((v) => ({ label: `v${v.number}${v.number === latestApprovedNumber ? " (latest approved)" : ""}`, value: v.id }))}
            value={choice}
            onChange={setChoice}
          />
          <Button disabled={!chosen || busy !== null} loading={busy === "pin"} onClick={() => chosen && onPin(chosen.id)}>
            {chosen ? `${verb} v${chosen.number}` : "Roll back"}
          </Button>
        </>
      ) : (
        <Text as="span" tone="subdued" variant="bodySm">
          {approved.length ? "No other approved version to roll back to." : "No approved version yet: placements go live once a version is approved."}
        </Text>
      )}
      {pinned && (
        <Button disabled={busy !== null} loading={busy === "follow"} onClick={onFollowLatest}>
          Follow latest approved
        </Button>
      )}
    </InlineStack>
  );
}
