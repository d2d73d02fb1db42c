// Edit a preset's values, or add a custom preset based on a built-in one. Reports the change in the
// server's shape (PresetChange); the server validates again and its messages come back per field.
import { useEffect, useState } from "react";
import { Banner, BlockStack, Checkbox, FormLayout, InlineGrid, Modal, Select, TextField } from "@shopify/polaris";
import { FIT_LABEL } from "./labels";
import type { PresetView } from "./types";

export type PresetField = "idSuffix" | "label" | "base" | "width" | "height" | "fit" | "format" | "maxMb" | "minFill";

export interface PresetChangeValue {
  kind: "builtin" | "custom";
  presetId: string;
  basePresetId?: string;
  label?: string;
  eager: boolean | null;
  overrides: Record<string, unknown>;
}

export interface PresetFormModalProps {
  /** The preset to edit, or null to add a custom one. */
  editing: PresetView | null;
  open: boolean;
  /** Built-in presets a custom one can start from. */
  bases: PresetView[];
  saving: boolean;
  error: string | null;
  fieldErrors: Partial<Record<PresetField, string>>;
  onSubmit(change: PresetChangeValue): void;
  onClose(): void;
}

interface Values {
  idSuffix: string;
  label: string;
  base: string;
  width: string;
  height: string;
  fit: string;
  format: string;
  maxMb: string;
  minFill: string;
  eager: boolean;
}

const FIT_OPTIONS = Object.entries(FIT_LABEL).map(([value, label]) => ({ value, label }));
const FORMAT_OPTIONS = [
  { value: "jpeg", label: "JPEG" },
  { value: "png", label: "PNG" },
];
const trimNumber = (n: number, digits: number) => String(Number(n.toFixed(digits)));

function valuesOf(p: PresetView | undefined): Values {
  return {
    idSuffix: "",
    label: p ? (p.builtIn ? "" : p.label) : "",
    base: p?.baseId ?? "",
    width: p ? String(p.width) : "",
    height: p ? String(p.height) : "",
    fit: p?.fit ?? "contain-white",
    format: p?.format ?? "jpeg",
    maxMb: p?.maxBytes ? trimNumber(p.maxBytes / 1024 ** 2, 2) : "",
    minFill: p?.minFill ? trimNumber(p.minFill * 100, 1) : "",
    eager: p?.eager ?? false,
  };
}

export function PresetFormModal({ editing, open, bases, saving, error, fieldErrors, onSubmit, onClose }: PresetFormModalProps) {
  const adding = editing === null;
  const [v, setV] = useState<Values>(() => valuesOf(editing ?? bases[0]));
  const [local, setLocal] = useState<Partial<Record<PresetField, string>>>({});
  // A fresh form whenever the modal opens (for another preset); not on every render of the parent.
  useEffect(() => {
    if (!open) return;
    const start = valuesOf(editing ?? bases[0]);
    setV(adding ? { ...start, label: "", eager: false } : start);
    setLocal({});
  }, [open, editing?.id]);
  const set = (k: keyof Values) => (value: string | boolean) => {
    setV((prev) => ({ ...prev, [k]: value }));
    setLocal((prev) => ({ ...prev, [k]: undefined }));
  };
  const chooseBase = (id: string) => {
    const b = bases.find((x) => x.id === id);
    // The box, fit and limits start from the chosen channel's values; the name and id stay as typed.
    setV((prev) => ({ ...valuesOf(b), idSuffix: prev.idSuffix, label: prev.label, eager: prev.eager, base: id }));
  };

  const submit = () => {
    const errors: Partial<Record<PresetField, string>> = {};
    const int = (k: "width" | "height") => {
      const n = Number(v[k]);
      if (!v[k].trim() || !Number.isInteger(n)) errors[k] = "Enter a whole number of pixels.";
      return n;
    };
    const optional = (k: "maxMb" | "minFill") => {
      if (!v[k].trim()) return undefined;
      const n = Number(v[k].replace(",", "."));
      if (!Number.isFinite(n) || n <= 0) errors[k] = "Enter a number above 0.";
      return n;
    };
    const width = int("width");
    const height = int("height");
    const maxMb = optional("maxMb");
    const minFill = optional("minFill");
    if (adding && !v.idSuffix.trim()) errors.idSuffix = "Give the preset an id, e.g. lazada.";
    if (!adding && editing && !v.maxMb.trim() && editing.maxBytes) errors.maxMb = "Enter a limit; Reset puts back the channel's value.";
    if (!adding && editing && !v.minFill.trim() && editing.minFill) errors.minFill = "Enter a share; Reset puts back the channel's value.";
    setLocal(errors);
    if (Object.keys(errors).length) return;

    const wanted = {
      width,
      height,
      fit: v.fit,
      format: v.format,
      maxBytes: maxMb === undefined ? undefined : Math.round(maxMb * 1024 ** 2),
      minFill: minFill === undefined ? undefined : Math.round(minFill * 10) / 1000,
    };
    if (adding) {
      // A new preset states every value: what the form shows is what it builds.
      const rules: Record<string, unknown> = {};
      if (wanted.maxBytes !== undefined) rules.maxBytes = wanted.maxBytes;
      if (wanted.minFill !== undefined) rules.minFill = wanted.minFill;
      onSubmit({
        kind: "custom",
        presetId: `custom.${v.idSuffix.trim()}`,
        basePresetId: v.base,
        label: v.label,
        eager: v.eager,
        overrides: { width: wanted.width, height: wanted.height, fit: wanted.fit, format: wanted.format, ...(Object.keys(rules).length ? { rules } : {}) },
      });
      return;
    }
    // An edit keeps the shop's other overrides and adds only what changed here.
    const p = editing!;
    const overrides: Record<string, unknown> = { ...p.overrides };
    const rules: Record<string, unknown> = { ...((p.overrides.rules as Record<string, unknown> | undefined) ?? {}) };
    if (wanted.width !== p.width) overrides.width = wanted.width;
    if (wanted.height !== p.height) overrides.height = wanted.height;
    if (wanted.fit !== p.fit) overrides.fit = wanted.fit;
    if (wanted.format !== p.format) overrides.format = wanted.format;
    if (wanted.maxBytes !== undefined && wanted.maxBytes !== p.maxBytes) rules.maxBytes = wanted.maxBytes;
    if (wanted.minFill !== undefined && wanted.minFill !== p.minFill) rules.minFill = wanted.minFill;
    if (Object.keys(rules).length) overrides.rules = rules;
    onSubmit({
      kind: p.builtIn ? "builtin" : "custom",
      presetId: p.id,
      ...(p.builtIn ? {} : { basePresetId: p.baseId, label: v.label }),
      eager: p.eagerSet ? p.eager : null,
      overrides,
    });
  };

  const err = (k: PresetField) => local[k] ?? fieldErrors[k];
  return (
    <Modal
      open={open}
      onClose={onClose}
      title={adding ? "Add custom preset" : `Edit “${editing?.label ?? ""}”`}
      primaryAction={{ content: adding ? "Add preset" : "Save", loading: saving, onAction: submit }}
      secondaryActions={[{ content: "Cancel", onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          {error && (
            <Banner tone="critical">
              <p>{error}</p>
            </Banner>
          )}
          <FormLayout>
            {adding && (
              <InlineGrid columns={2} gap="300">
                <TextField label="Id" prefix="custom." value={v.idSuffix} onChange={set("idSuffix")} autoComplete="off" placeholder="lazada" error={err("idSuffix")} helpText="Lower-case letters, digits and dashes." />
                <Select label="Based on" options={bases.map((b) => ({ value: b.id, label: b.label }))} value={v.base} onChange={chooseBase} error={err("base")} />
              </InlineGrid>
            )}
            {(adding || !editing?.builtIn) && <TextField label="Name" value={v.label} onChange={set("label")} autoComplete="off" placeholder="Lazada main image" error={err("label")} maxLength={80} />}
            <InlineGrid columns={2} gap="300">
              <TextField label="Width" type="number" suffix="px" value={v.width} onChange={set("width")} autoComplete="off" error={err("width")} />
              <TextField label="Height" type="number" suffix="px" value={v.height} onChange={set("height")} autoComplete="off" error={err("height")} />
            </InlineGrid>
            <InlineGrid columns={2} gap="300">
              <Select label="Fit" options={FIT_OPTIONS} value={v.fit} onChange={set("fit")} error={err("fit")} />
              <Select label="Format" options={FORMAT_OPTIONS} value={v.format} onChange={set("format")} error={err("format")} />
            </InlineGrid>
            <InlineGrid columns={2} gap="300">
              <TextField label="Max file size" type="number" suffix="MB" value={v.maxMb} onChange={set("maxMb")} autoComplete="off" error={err("maxMb")} helpText={v.maxMb ? undefined : "No limit"} />
              <TextField label="Min product fill" type="number" suffix="%" value={v.minFill} onChange={set("minFill")} autoComplete="off" error={err("minFill")} helpText={v.minFill ? "Share of the frame the product must fill" : "Not checked"} />
            </InlineGrid>
            {adding && <Checkbox label="Build for every new version" checked={v.eager} onChange={set("eager")} helpText="Otherwise it is built when someone asks for it on an asset." />}
          </FormLayout>
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
