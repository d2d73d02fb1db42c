// Settings: channel presets (how each channel's image is made and checked; admins change them),
// notifications (webhook, email, which notices, the default fallback image; admins), REST API keys
// (create once-shown tokens, revoke) and how to call the API.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, Layout, Page } from "@shopify/polaris";
import { z, type ZodError } from "zod";
import { errorBody } from "~/.server/http/api-response";
import { issueApiKey, listKeys, revokeKey } from "~/.server/governance/api-keys.service";
import { requireShop } from "~/.server/shops/require-shop";
import { marketList } from "~/.server/http/form-fields";
import { allows, ROLES } from "~/.server/governance/policy";
import { ApiKeysCard, type ApiKeyAnswer } from "~/components/settings/ApiKeysCard";
import { RestApiHelp } from "~/components/settings/RestApiHelp";
import { PresetChange, presetsForSettings, resetPreset, savePreset } from "~/.server/renditions/presets.service";
import type { Actor } from "~/.server/library/types";
import { PresetsCard, type PresetAnswer } from "~/components/compliance/PresetsCard";
import type { PresetField } from "~/components/compliance/PresetFormModal";
import type { PresetView } from "~/components/compliance/types";
import { saveSyncSettings, sendTestNotification, syncSettingsForAdmin } from "~/.server/notify/sync-settings.service";
import { ACTIVITY_KINDS, ACTIVITY_KIND_LABELS } from "~/.server/notify/kinds";
import { AppError } from "~/.server/errors";
import { NotificationsCard, type NotifyAnswer, type NotifyField } from "~/components/settings/NotificationsCard";

export const meta: MetaFunction = () => [{ title: "Settings · Assetline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  const baseUrl = new URL(request.url).origin;
  const presets = await presetRows(services.db.prisma, shop.id, actor);
  const canManagePresets = allows(actor, "channel.manage");
  const notifications = await notificationSettings(services.db.prisma, shop.id, actor, services.config.smtp !== null);
  if (!allows(actor, "apikey.manage"))
    return { presets, canManagePresets, notifications, keys: [], baseUrl, notAllowed: `API keys are managed by shop admins; you are signed in as ${actor.role}.` };
  const keys = await listKeys(services.db.prisma, shop.id, actor);
  return {
    presets,
    canManagePresets,
    notifications,
    notAllowed: null,
    keys: keys.map((k) => ({
      id: k.id,
      name: k.name,
      prefix: k.prefix,
      role: k.role,
      markets: k.markets,
      createdAt: k.createdAt.toISOString(),
      lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
      revokedAt: k.revokedAt?.toISOString() ?? null,
    })),
    baseUrl: new URL(request.url).origin,
  };
}

/** The Notifications card's data (admins only: the settings name where notices go). */
async function notificationSettings(prisma: Parameters<typeof syncSettingsForAdmin>[0], shopId: string, actor: Actor, smtpConfigured: boolean) {
  if (!allows(actor, "member.manage")) return null;
  const { settings, fallbackCandidates } = await syncSettingsForAdmin(prisma, shopId, actor);
  return { settings, fallbackOptions: fallbackCandidates, smtpConfigured, kinds: ACTIVITY_KINDS.map((k) => ({ value: k, label: ACTIVITY_KIND_LABELS[k] })) };
}

/** The shop's presets as the card shows them: effective values, where they come from, what the shop set. */
async function presetRows(prisma: Parameters<typeof presetsForSettings>[0], shopId: string, actor: Actor): Promise<PresetView[]> {
  return (await presetsForSettings(prisma, shopId, actor)).map((sp) => ({
    id: sp.preset.id,
    label: sp.preset.label,
    channel: sp.preset.channel,
    baseId: sp.baseId,
    builtIn: sp.builtIn,
    width: sp.preset.width,
    height: sp.preset.height,
    fit: sp.preset.fit,
    format: sp.preset.format,
    maxBytes: sp.preset.rules.maxBytes ?? null,
    minFill: sp.preset.rules.minFill ?? null,
    source: sp.preset.source,
    eager: sp.eager,
    eagerSet: sp.eagerSet,
    overrides: sp.overrides,
    changed: Object.keys(sp.overrides).length > 0,
  }));
}

const Body = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    name: z.string().trim().min(1, "Give the key a name.").max(80, "Use at most 80 characters."),
    role: z.enum(ROLES).default("editor"),
    markets: marketList,
  }),
  z.object({ intent: z.literal("revoke"), id: z.string().uuid() }),
]);

export async function action({ request }: ActionFunctionArgs): Promise<ApiKeyAnswer | PresetAnswer | NotifyAnswer> {
  const { shop, actor, services } = await requireShop(request);
  const form = Object.fromEntries(await request.formData());
  if (form.intent === "preset.save" || form.intent === "preset.reset") return presetAction({ prisma: services.db.prisma, queue: services.queue }, shop.id, actor, form);
  if (form.intent === "notify.save" || form.intent === "notify.test") return notifyAction({ prisma: services.db.prisma, queue: services.queue }, shop.id, actor, form);
  try {
    const body = Body.parse(form);
    if (body.intent === "create") {
      const key = await issueApiKey(services.db.prisma, shop.id, actor, body.name, body.role, body.markets);
      return { ok: true, intent: "create", key: { id: key.id, name: key.name, prefix: key.prefix, token: key.token } };
    }
    const keys = await listKeys(services.db.prisma, shop.id, actor);
    await revokeKey(services.db.prisma, shop.id, actor, body.id);
    return { ok: true, intent: "revoke", name: keys.find((k) => k.id === body.id)?.name ?? "API key" };
  } catch (err) {
    if (err instanceof Response) throw err;
    return { ok: false, intent: String(form.intent ?? ""), error: errorBody(err).body.message.replace(/^name: /, "") };
  }
}

const NotifyForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("notify.save"),
    /** keep: the saved URL stays (the page never has it); replace: webhookUrl ("" = none); remove. */
    webhookMode: z.enum(["keep", "replace", "remove"]).default("keep"),
    webhookUrl: z.string().max(2000, "The webhook URL is too long (2000 characters at most).").default(""),
    emailTo: z.string().max(10_000, "That is too many email addresses.").default(""),
    notifyKinds: z.string().max(1000).default(""),
    defaultFallbackAssetId: z.string().max(100).default(""),
  }),
  z.object({ intent: z.literal("notify.test") }),
]);
const NOTIFY_FIELDS: readonly string[] = ["webhookUrl", "emailTo", "notifyKinds", "defaultFallbackAssetId"] satisfies NotifyField[];

async function notifyAction(deps: { prisma: Parameters<typeof saveSyncSettings>[0]; queue: Parameters<typeof sendTestNotification>[1] }, shopId: string, actor: Actor, form: Record<string, FormDataEntryValue>): Promise<NotifyAnswer> {
  const intent = String(form.intent);
  try {
    const body = NotifyForm.parse(form);
    if (body.intent === "notify.test") {
      await sendTestNotification(deps.prisma, deps.queue, shopId, actor);
      return { ok: true, intent: "notify.test", message: "Test notice sent; it is in the activity feed" };
    }
    const url = body.webhookUrl.trim();
    const saved = await saveSyncSettings(deps.prisma, shopId, actor, {
      webhookUrl: body.webhookMode === "remove" ? null : body.webhookMode === "replace" && url ? url : undefined,
      emailTo: body.emailTo.split(/[,;\s]+/).filter(Boolean),
      notifyKinds: body.notifyKinds.split(",").map((k) => k.trim()).filter(Boolean),
      defaultFallbackAssetId: body.defaultFallbackAssetId || null,
    });
    return { ok: true, intent: "notify.save", message: "Notification settings saved", webhookHint: saved.webhookHint };
  } catch (err) {
    if (err instanceof Response) throw err;
    const field = err instanceof AppError && typeof err.details?.field === "string" && NOTIFY_FIELDS.includes(err.details.field) ? (err.details.field as NotifyField) : undefined;
    return { ok: false, intent, error: errorBody(err).body.message, ...(field ? { field } : {}) };
  }
}

/** Where each PresetChange field is on the form, and the words for its range (zod's are for developers). */
const PRESET_FIELDS: Array<{ path: string; field: PresetField; message?: string }> = [
  { path: "overrides.width", field: "width", message: "Use a whole number from 16 to 10000 px." },
  { path: "overrides.height", field: "height", message: "Use a whole number from 16 to 10000 px." },
  { path: "overrides.fit", field: "fit" },
  { path: "overrides.format", field: "format" },
  { path: "overrides.rules.maxBytes", field: "maxMb", message: "Use 0.01 MB to 200 MB." },
  { path: "overrides.rules.minFill", field: "minFill", message: "Use 10% to 100%." },
  { path: "presetId", field: "idSuffix", message: "Use lower-case letters, digits and dashes (at most 31), e.g. lazada." },
  { path: "label", field: "label" },
  { path: "basePresetId", field: "base" },
];

function presetFieldErrors(err: ZodError): Partial<Record<PresetField, string>> | null {
  const out: Partial<Record<PresetField, string>> = {};
  for (const issue of err.issues) {
    const at = PRESET_FIELDS.find((f) => f.path === issue.path.join("."));
    if (!at) return null; // not a form field: the banner shows the server's message
    out[at.field] ??= at.message ?? issue.message;
  }
  return out;
}

async function presetAction(deps: Parameters<typeof savePreset>[0], shopId: string, actor: Actor, form: Record<string, FormDataEntryValue>): Promise<PresetAnswer> {
  const { prisma } = deps;
  const intent = String(form.intent);
  try {
    if (intent === "preset.reset") {
      const id = String(form.presetId ?? "");
      await resetPreset(prisma, shopId, actor, id);
      return { ok: true, intent, message: id.startsWith("custom.") ? "Custom preset deleted" : "Preset reset to the channel's values" };
    }
    let input: unknown;
    try {
      input = JSON.parse(String(form.change ?? ""));
    } catch {
      return { ok: false, intent, error: "The preset form could not be read. Reload the page and try again." };
    }
    // Checked here first only to place messages next to their fields; savePreset validates again.
    const parsed = PresetChange.safeParse(input);
    if (!parsed.success) {
      const fieldErrors = presetFieldErrors(parsed.error);
      return fieldErrors ? { ok: false, intent, error: "Check the highlighted fields.", fieldErrors } : { ok: false, intent, error: errorBody(parsed.error).body.message };
    }
    const change = parsed.data;
    const existing = await presetsForSettings(prisma, shopId, actor);
    // savePreset upserts: adding must not silently replace a custom preset of the same id.
    if (form.adding === "true" && existing.some((p) => p.preset.id === change.presetId))
      return { ok: false, intent, error: "Check the highlighted fields.", fieldErrors: { idSuffix: `“${change.presetId}” exists already; choose another id.` } };
    // Turning "built for every new version" on also queues the preset for the existing images.
    const saved = await savePreset(deps, shopId, actor, change);
    const before = existing.find((p) => p.preset.id === saved.preset.id);
    const message = !before
      ? `“${saved.preset.label}” added`
      : before.eager !== saved.eager || before.eagerSet !== saved.eagerSet
        ? `${saved.preset.label}: ${saved.eager ? "built for every new version; existing images are being checked" : "built on demand"}`
        : `“${saved.preset.label}” saved`;
    return { ok: true, intent: "preset.save", message };
  } catch (err) {
    if (err instanceof Response) throw err;
    return { ok: false, intent, error: errorBody(err).body.message };
  }
}

export default function Settings() {
  const { keys, baseUrl, notAllowed, presets, canManagePresets, notifications } = useLoaderData<typeof loader>();
  return (
    <Page title="Settings" subtitle="Channel presets, notifications, and API access for scripts, the CLI and other systems">
      <Layout>
        <Layout.Section>
          <PresetsCard presets={presets} canManage={canManagePresets} />
        </Layout.Section>
        {notifications && (
          <Layout.Section>
            <NotificationsCard {...notifications} />
          </Layout.Section>
        )}
        <Layout.Section>
          {notAllowed ? (
            <Banner tone="info" title="API keys">
              <p>{notAllowed}</p>
            </Banner>
          ) : (
            <ApiKeysCard keys={keys} />
          )}
        </Layout.Section>
        <Layout.Section>
          <RestApiHelp baseUrl={baseUrl} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
