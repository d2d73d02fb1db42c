// Settings → Channel presets: every preset with its box, fit, format and limits, and whether it is built
// for every new version (the effective value; "default" while the shop has not set it). Admins edit the
// values, reset them to the channel's, and add custom presets; everyone else reads the list.
import { useEffect, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, Checkbox, IndexTable, InlineStack, Text } from "@shopify/polaris";
import { PlusIcon } from "@shopify/polaris-icons";
import { useNotify } from "../shell/notify";
import { channelName, fitLabel, mbLabel } from "./labels";
import { PresetFormModal, type PresetChangeValue, type PresetField } from "./PresetFormModal";
import type { PresetView } from "./types";

export type PresetAnswer =
  | { ok: true; intent: "preset.save" | "preset.reset"; message: string }
  | { ok: false; intent: string; error: string; fieldErrors?: Partial<Record<PresetField, string>> };

export function PresetsCard({ presets, canManage }: { presets: PresetView[]; canManage: boolean }) {
  const form = useFetcher<PresetAnswer>();
  const toggle = useFetcher<PresetAnswer>();
  const notify = useNotify();
  const [modal, setModal] = useState<{ editing: PresetView | null } | null>(null);
  // The answer that was on screen when the modal last opened: its errors belong to an earlier attempt.
  const [stale, setStale] = useState<PresetAnswer | undefined>();
  const open = (editing: PresetView | null) => {
    setStale(form.data);
    setModal({ editing });
  };
  const formAnswer = form.state === "idle" && form.data !== stale ? form.data : undefined;
  const toggleAnswer = toggle.state === "idle" ? toggle.data : undefined;

  useEffect(() => {
    if (form.state !== "idle" || !form.data?.ok) return;
    notify(form.data.message);
    setModal(null);
  }, [form.state, form.data, notify]);
  useEffect(() => {
    if (toggle.state === "idle" && toggle.data?.ok) notify(toggle.data.message);
  }, [toggle.state, toggle.data, notify]);

  const save = (fetcher: typeof form, change: PresetChangeValue, adding = false) =>
    fetcher.submit({ intent: "preset.save", change: JSON.stringify(change), adding: String(adding) }, { method: "post" });
  const setEager = (p: PresetView, eager: boolean) =>
    save(toggle, {
      kind: p.builtIn ? "builtin" : "custom",
      presetId: p.id,
      ...(p.builtIn ? {} : { basePresetId: p.baseId, label: p.label }),
      eager,
      overrides: p.overrides,
    });
  const toggling = (id: string) => toggle.state !== "idle" && String(toggle.formData?.get("change") ?? "").includes(`"presetId":"${id}"`);
  const resetting = (id: string) => form.state !== "idle" && form.formData?.get("intent") === "preset.reset" && form.formData?.get("presetId") === id;

  return (
    <Card padding="0">
      <Box padding="400">
        <BlockStack gap="300">
          <InlineStack align="space-between" blockAlign="start" gap="200">
            <BlockStack gap="100">
              <Text as="h2" variant="headingSm">
                Channel presets
              </Text>
              <Text as="p" variant="bodySm" tone="subdued">
                How each channel's image is made from a master and which rules it is checked against. Presets built for every new version are
                checked as images arrive and counted on the Compliance page; the others are built when someone asks on an asset. A changed
                preset makes new images rather than overwriting the old ones.
              </Text>
            </BlockStack>
            {canManage && (
              <Button icon={PlusIcon} onClick={() => open(null)}>
                Add custom preset
              </Button>
            )}
          </InlineStack>
          {!canManage && (
            <Banner tone="info">
              <p>Presets are managed by shop admins; you can see them here.</p>
            </Banner>
          )}
          {toggleAnswer && !toggleAnswer.ok && (
            <Banner tone="critical">
              <p>{toggleAnswer.error}</p>
            </Banner>
          )}
          {formAnswer && !formAnswer.ok && formAnswer.intent === "preset.reset" && (
            <Banner tone="critical">
              <p>{formAnswer.error}</p>
            </Banner>
          )}
        </BlockStack>
      </Box>
      <IndexTable
        resourceName={{ singular: "preset", plural: "presets" }}
        itemCount={presets.length}
        selectable={false}
        headings={[
          { title: "Preset" },
          { title: "Box" },
          { title: "Fit" },
          { title: "Format" },
          { title: "Max size", alignment: "end" },
          { title: "Min fill", alignment: "end" },
          { title: "Built for every new version" },
          { title: "", alignment: "end" },
        ]}
      >
        {presets.map((p, i) => (
          <IndexTable.Row id={p.id} key={p.id} position={i}>
            <IndexTable.Cell>
              <div data-testid="preset-row" data-preset={p.id} style={{ whiteSpace: "normal", maxWidth: 320 }}>
                <BlockStack gap="050">
                  <InlineStack gap="100" blockAlign="center">
                    <Text as="span" fontWeight="semibold">
                      {p.label}
                    </Text>
                    {!p.builtIn && <Badge size="small">Custom</Badge>}
                    {p.builtIn && p.changed && <Badge size="small" tone="attention">Changed</Badge>}
                  </InlineStack>
                  <Text as="span" variant="bodySm" tone="subdued">{`${channelName(p.channel)} · ${p.id}${p.builtIn ? "" : ` · based on ${p.baseId}`}`}</Text>
                  <Text as="span" variant="bodySm" tone="subdued">{`Source: ${p.source}`}</Text>
                </BlockStack>
              </div>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" numeric>{`${p.width}×${p.height}`}</Text>
            </IndexTable.Cell>
            <IndexTable.Cell>{fitLabel(p.fit)}</IndexTable.Cell>
            <IndexTable.Cell>{p.format.toUpperCase()}</IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {p.maxBytes ? mbLabel(p.maxBytes) : "—"}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" alignment="end" numeric>
                {p.minFill ? `${Number((p.minFill * 100).toFixed(1))}%` : "—"}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <InlineStack gap="200" blockAlign="center" wrap={false}>
                <Checkbox
                  label={`Build ${p.label} for every new version`}
                  labelHidden
                  checked={p.eager}
                  disabled={!canManage || toggling(p.id)}
                  onChange={(checked) => setEager(p, checked)}
                />
                <Text as="span" variant="bodySm" tone={p.eagerSet ? undefined : "subdued"}>
                  {`${p.eager ? "On" : "Off"}${p.eagerSet ? "" : " · default"}`}
                </Text>
              </InlineStack>
            </IndexTable.Cell>
            <IndexTable.Cell>
              {canManage && (
                <InlineStack gap="200" align="end" wrap={false}>
                  <Button size="slim" onClick={() => open(p)} accessibilityLabel={`Edit ${p.label}`}>
                    Edit
                  </Button>
                  {(p.changed || p.eagerSet || !p.builtIn) && (
                    <Button
                      size="slim"
                      variant="plain"
                      tone="critical"
                      loading={resetting(p.id)}
                      onClick={() => form.submit({ intent: "preset.reset", presetId: p.id }, { method: "post" })}
                      accessibilityLabel={p.builtIn ? `Reset ${p.label}` : `Delete ${p.label}`}
                    >
                      {p.builtIn ? "Reset" : "Delete"}
                    </Button>
                  )}
                </InlineStack>
              )}
            </IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
      {canManage && (
        <PresetFormModal
          open={modal !== null}
          editing={modal?.editing ?? null}
          bases={presets.filter((p) => p.builtIn)}
          saving={form.state !== "idle"}
          error={formAnswer && !formAnswer.ok && formAnswer.intent === "preset.save" && !formAnswer.fieldErrors ? formAnswer.error : null}
          fieldErrors={formAnswer && !formAnswer.ok && formAnswer.fieldErrors ? formAnswer.fieldErrors : {}}
          onSubmit={(change) => save(form, change, modal?.editing === null)}
          onClose={() => setModal(null)}
        />
      )}
    </Card>
  );
}
