// Settings → Notifications (admins): where the shop's activity notices go — a Slack-compatible webhook
// and email recipients — which kinds are sent, and the default fallback image of the sync engine. The
// saved webhook URL is a credential: the page only ever gets a hint of it, and "Replace" sends a new one.
import { useEffect, useState } from "react";
import { Link, useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, ChoiceList, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useNotify } from "../shell/notify";

export interface NotificationSettingsView {
  defaultFallbackAssetId: string | null;
  webhookHint: string | null;
  emailTo: string[];
  /** Empty = every kind. */
  notifyKinds: string[];
}

export type NotifyField = "webhookUrl" | "emailTo" | "notifyKinds" | "defaultFallbackAssetId";

export type NotifyAnswer =
  | { ok: true; intent: "notify.save" | "notify.test"; message: string; webhookHint?: string | null }
  | { ok: false; intent: string; error: string; field?: NotifyField };

export interface NotificationsCardProps {
  settings: NotificationSettingsView;
  kinds: Array<{ value: string; label: string }>;
  /** The shop's image assets by title (the first 200). */
  fallbackOptions: Array<{ id: string; title: string }>;
  /** Whether this deployment can send email (SMTP_URL). */
  smtpConfigured: boolean;
}

type WebhookMode = "keep" | "replace" | "remove";

export function NotificationsCard({ settings, kinds, fallbackOptions, smtpConfigured }: NotificationsCardProps) {
  const save = useFetcher<NotifyAnswer>();
  const test = useFetcher<NotifyAnswer>();
  const notify = useNotify();
  const [mode, setMode] = useState<WebhookMode>(settings.webhookHint ? "keep" : "replace");
  const [webhookUrl, setWebhookUrl] = useState("");
  const [emailTo, setEmailTo] = useState(settings.emailTo.join(", "));
  const [chosen, setChosen] = useState<string[]>(settings.notifyKinds.length ? settings.notifyKinds : kinds.map((k) => k.value));
  const [fallback, setFallback] = useState(settings.defaultFallbackAssetId ?? "");
  const [dirty, setDirty] = useState(false);
  const [kindsError, setKindsError] = useState<string | undefined>();
  const edit =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setDirty(true);
    };

  const saveAnswer = save.state === "idle" ? save.data : undefined;
  const testAnswer = test.state === "idle" ? test.data : undefined;
  const fieldError = (f: NotifyField) => (saveAnswer && !saveAnswer.ok && saveAnswer.field === f ? saveAnswer.error : undefined);

  useEffect(() => {
    if (save.state !== "idle" || !save.data?.ok) return;
    notify(save.data.message);
    setDirty(false);
    setWebhookUrl("");
    // A URL just added is now the saved one (shown as a hint); a removed one leaves an empty field.
    setMode(save.data.webhookHint ? "keep" : "replace");
  }, [save.state, save.data, notify]);
  useEffect(() => {
    if (test.state === "idle" && test.data?.ok) notify(test.data.message);
  }, [test.state, test.data, notify]);

  const submit = () => {
    if (!chosen.length) return setKindsError("Choose at least one kind of notice, or remove the webhook and recipients to send nothing.");
    setKindsError(undefined);
    save.submit(
      {
        intent: "notify.save",
        webhookMode: mode,
        webhookUrl: mode === "replace" ? webhookUrl.trim() : "",
        emailTo,
        notifyKinds: chosen.join(","),
        defaultFallbackAssetId: fallback,
      },
      { method: "post" },
    );
  };

  const options = [{ label: "None", value: "" }, ...fallbackOptions.map((a) => ({ label: a.title, value: a.id }))];
  if (fallback && !fallbackOptions.some((a) => a.id === fallback)) options.push({ label: "The saved image (not among the first 200)", value: fallback });
  const general = saveAnswer && !saveAnswer.ok && !saveAnswer.field ? saveAnswer.error : null;
  const hasDestination = Boolean(settings.webhookHint || settings.emailTo.length);

  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingSm">
            Notifications
          </Text>
          <Text as="p" variant="bodySm" tone="subdued">
            Everything in the <Link to="/app/activity">activity feed</Link> — a version live on every listing, a failed or blocked sync, a listing
            changed outside Assetline, a licence ending — can also go to a Slack channel (or any Slack-compatible webhook) and by email.
          </Text>
        </BlockStack>
        {general && <Banner tone="critical">{general}</Banner>}
        {testAnswer && !testAnswer.ok && <Banner tone="critical">{testAnswer.error}</Banner>}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <BlockStack gap="400">
            {mode === "keep" ? (
              <BlockStack gap="100">
                <Text as="span" variant="bodyMd">
                  Webhook URL
                </Text>
                <InlineStack gap="300" blockAlign="center">
                  <Text as="span" tone="subdued">
                    <code>{settings.webhookHint}</code>
                  </Text>
                  <Button variant="plain" onClick={() => edit(setMode)("replace")}>
                    Replace
                  </Button>
                  <Button variant="plain" tone="critical" onClick={() => edit(setMode)("remove")}>
                    Remove
                  </Button>
                </InlineStack>
              </BlockStack>
            ) : mode === "remove" ? (
              <InlineStack gap="300" blockAlign="center">
                <Text as="span">The webhook will be removed when you save.</Text>
                <Button variant="plain" onClick={() => setMode("keep")}>
                  Undo
                </Button>
              </InlineStack>
            ) : (
              <TextField
                label="Webhook URL"
                value={webhookUrl}
                onChange={edit(setWebhookUrl)}
                autoComplete="off"
                placeholder="https://hooks.slack.com/services/…"
                helpText="A Slack incoming webhook, or any service that accepts Slack's JSON. It is stored as a secret and not shown again."
                error={fieldError("webhookUrl")}
                connectedRight={settings.webhookHint ? <Button onClick={() => setMode("keep")}>Keep current</Button> : undefined}
              />
            )}
            <TextField
              label="Email recipients"
              value={emailTo}
              onChange={edit(setEmailTo)}
              autoComplete="off"
              multiline={2}
              placeholder="ops@example.com, studio@example.com"
              helpText={smtpConfigured ? "Separate addresses with commas; at most 20." : "Separate addresses with commas. Email is not set up on this Assetline server (SMTP_URL), so none will be sent until it is."}
              error={fieldError("emailTo")}
            />
            <ChoiceList
              title="Send these notices"
              allowMultiple
              choices={kinds.map((k) => ({ label: k.label, value: k.value }))}
              selected={chosen}
              onChange={edit(setChosen)}
              error={kindsError ?? fieldError("notifyKinds")}
            />
            <Box maxWidth="420px">
              <Select
                label="Default fallback image"
                options={options}
                value={fallback}
                onChange={edit(setFallback)}
                helpText="Shown on listings in place of an image that may not be published (e.g. its licence ended) and has no fallback of its own."
                error={fieldError("defaultFallbackAssetId")}
              />
            </Box>
            <InlineStack gap="200" align="end" blockAlign="center">
              {dirty && (
                <Text as="span" variant="bodySm" tone="subdued">
                  Unsaved changes
                </Text>
              )}
              <Button
                onClick={() => test.submit({ intent: "notify.test" }, { method: "post" })}
                loading={test.state !== "idle"}
                disabled={!hasDestination || dirty}
              >
                Send test
              </Button>
              <Button variant="primary" submit loading={save.state !== "idle"}>
                Save
              </Button>
            </InlineStack>
          </BlockStack>
        </form>
      </BlockStack>
    </Card>
  );
}
