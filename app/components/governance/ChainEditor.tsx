// The approval-chain form: a name, what it applies to (an asset kind or a collection), and its steps in
// order, each decided by a role or by named members. Reports a plain value; the server validates again.
import { useState } from "react";
import { BlockStack, Button, ChoiceList, InlineStack, Select, Text, TextField } from "@shopify/polaris";

export interface ChainStepValue {
  name: string;
  by: "role" | "members";
  role: string;
  memberIds: string[];
}
export interface ChainValue {
  name: string;
  /** "kind:image" or "collection:<id>" */
  appliesTo: string;
  steps: ChainStepValue[];
}

export interface ChainEditorProps {
  members: Array<{ id: string; name: string; role: string }>;
  collections: Array<{ id: string; name: string; hasChain: boolean }>;
  kindsWithChain: string[];
  saving: boolean;
  onSubmit(value: ChainValue): void;
}

const ROLE_OPTIONS = [
  { label: "Any reviewer (or editor, or admin)", value: "reviewer" },
  { label: "Any editor (or reviewer, or admin)", value: "editor" },
  { label: "An admin", value: "admin" },
];
const KINDS = [
  { label: "All images", value: "kind:image" },
  { label: "All videos", value: "kind:video" },
  { label: "All audio", value: "kind:audio" },
  { label: "All documents", value: "kind:document" },
];
const newStep = (n: number): ChainStepValue => ({ name: n === 1 ? "Brand manager" : n === 2 ? "Compliance" : `Step ${n}`, by: "role", role: "reviewer", memberIds: [] });

export function ChainEditor({ members, collections, kindsWithChain, saving, onSubmit }: ChainEditorProps) {
  const options = [
    ...KINDS.filter((k) => !kindsWithChain.includes(k.value.slice(5))),
    ...collections.filter((c) => !c.hasChain).map((c) => ({ label: `Collection: ${c.name}`, value: `collection:${c.id}` })),
  ];
  const [name, setName] = useState("");
  const [appliesTo, setAppliesTo] = useState(options[0]?.value ?? "");
  const [steps, setSteps] = useState<ChainStepValue[]>([newStep(1), newStep(2)]);
  const patch = (i: number, p: Partial<ChainStepValue>) => setSteps((s) => s.map((x, j) => (j === i ? { ...x, ...p } : x)));
  const deciders = members.filter((m) => m.role !== "viewer");
  if (!options.length)
    return (
      <Text as="p" tone="subdued">
        Every asset kind and collection already has a chain. Delete one to replace it.
      </Text>
    );
  return (
    <BlockStack gap="300">
      <InlineStack gap="300" blockAlign="end">
        <TextField label="Chain name" value={name} onChange={setName} autoComplete="off" placeholder="Campaign sign-off" />
        <Select label="Applies to" options={options} value={appliesTo} onChange={setAppliesTo} />
      </InlineStack>
      {steps.map((st, i) => (
        <div key={i} data-testid="chain-step" style={{ borderLeft: "3px solid var(--p-color-border)", paddingLeft: 12 }}>
          <BlockStack gap="200">
            <InlineStack gap="300" blockAlign="end">
              <Text as="span" fontWeight="semibold">{`${i + 1}.`}</Text>
              <TextField label="Step" labelHidden value={st.name} onChange={(v) => patch(i, { name: v })} autoComplete="off" />
              <Select
                label="Decided by"
                labelInline
                options={[
                  { label: "a role", value: "role" },
                  { label: "named members", value: "members" },
                ]}
                value={st.by}
                onChange={(v) => patch(i, { by: v === "members" ? "members" : "role" })}
              />
              {st.by === "role" && <Select label="Role" labelHidden options={ROLE_OPTIONS} value={st.role} onChange={(v) => patch(i, { role: v })} />}
              {steps.length > 1 && (
                <Button variant="plain" tone="critical" onClick={() => setSteps((s) => s.filter((_, j) => j !== i))} accessibilityLabel={`Remove step ${i + 1}`}>
                  Remove
                </Button>
              )}
            </InlineStack>
            {st.by === "members" && (
              <ChoiceList
                title="Who decides this step (any one of them)"
                allowMultiple
                choices={deciders.map((m) => ({ label: `${m.name} (${m.role})`, value: m.id }))}
                selected={st.memberIds}
                onChange={(v) => patch(i, { memberIds: v })}
              />
            )}
          </BlockStack>
        </div>
      ))}
      <InlineStack gap="200">
        {steps.length < 8 && <Button onClick={() => setSteps((s) => [...s, newStep(s.length + 1)])}>Add step</Button>}
        <Button variant="primary" loading={saving} onClick={() => onSubmit({ name, appliesTo, steps })}>
          Create chain
        </Button>
      </InlineStack>
    </BlockStack>
  );
}
