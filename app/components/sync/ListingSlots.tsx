// One listing, slot by slot: the image the channel shows there now, and what Assetline's placement wants.
import { Link as RemixLink } from "@remix-run/react";
import { BlockStack, Card, IndexTable, InlineStack, Text } from "@shopify/polaris";
import { PlacementStateBadge } from "./PlacementStateBadge";
import { bySlotOrder } from "./slots";
import { ImageThumb } from "./ImageThumb";

export interface ChannelImageView {
  slot: string;
  slotLabel: string;
  url: string | null;
  sourceKey: string | null;
  state: string;
  issues: string[];
}

export interface SlotPlacementView {
  id: string;
  assetId: string;
  assetTitle: string;
  slot: string;
  slotLabel: string;
  state: string;
  desiredSourceKey: string | null;
  appliedSourceKey: string | null;
  lastError: string | null;
}

export function ListingSlots({ channelName, current, placements }: { channelName: string; current: ChannelImageView[]; placements: SlotPlacementView[] }) {
  const slots = bySlotOrder([...new Map([...current, ...placements].map((x) => [x.slot, { slot: x.slot, slotLabel: x.slotLabel }])).values()]);
  return (
    <Card padding="0">
      <IndexTable
        resourceName={{ singular: "slot", plural: "slots" }}
        itemCount={slots.length}
        selectable={false}
        headings={[{ title: "Slot" }, { title: `On ${channelName} now` }, { title: "What Assetline wants there" }]}
        emptyState={
          <Text as="p" tone="subdued">
            The listing shows no images and nothing is placed on it.
          </Text>
        }
      >
        {slots.map((s, i) => {
          const img = current.find((c) => c.slot === s.slot);
          const p = placements.find((x) => x.slot === s.slot);
          const owner = img?.sourceKey ? placements.find((x) => x.appliedSourceKey === img.sourceKey) : undefined;
          return (
            <IndexTable.Row id={s.slot} key={s.slot} position={i}>
              <IndexTable.Cell>
                <Text as="span" fontWeight="semibold">
                  {s.slotLabel}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                {img ? (
                  <InlineStack gap="200" blockAlign="center" wrap={false}>
                    <ImageThumb size="small" url={img.url} alt={`${s.slotLabel} on ${channelName}`} />
                    <BlockStack gap="050">
                      <Text as="span" variant="bodySm">
                        {owner ? `Ours: ${owner.assetTitle}` : img.sourceKey ? "Ours" : "Not managed by Assetline"}
                      </Text>
                      {img.state !== "ready" && (
                        <Text as="span" variant="bodySm" tone={img.state === "failed" ? "critical" : "subdued"}>
                          {img.state === "processing" ? "The channel is still processing it" : "The channel could not process it"}
                        </Text>
                      )}
                      {img.issues.map((m) => (
                        <Text key={m} as="span" variant="bodySm" tone="caution">
                          {m}
                        </Text>
                      ))}
                    </BlockStack>
                  </InlineStack>
                ) : (
                  <Text as="span" tone="subdued">
                    Empty
                  </Text>
                )}
              </IndexTable.Cell>
              <IndexTable.Cell>
                {p ? (
                  <BlockStack gap="100">
                    <InlineStack gap="200" blockAlign="center">
                      <RemixLink to={`/app/assets/${p.assetId}`}>{p.assetTitle}</RemixLink>
                      <PlacementStateBadge state={p.state} />
                    </InlineStack>
                    <Text as="span" variant="bodySm" tone="subdued">
                      {p.desiredSourceKey && p.desiredSourceKey === p.appliedSourceKey ? "Shown as wanted" : p.desiredSourceKey ? "Its image is on its way" : "Waiting for an image that may be shown"}
                    </Text>
                    {p.lastError && p.state !== "live" && (
                      <Text as="span" variant="bodySm" tone="critical">
                        {p.lastError}
                      </Text>
                    )}
                  </BlockStack>
                ) : (
                  <Text as="span" tone="subdued">
                    Left as the channel has it
                  </Text>
                )}
              </IndexTable.Cell>
            </IndexTable.Row>
          );
        })}
      </IndexTable>
    </Card>
  );
}
