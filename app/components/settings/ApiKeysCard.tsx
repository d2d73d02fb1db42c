// API keys: list, create (the token is shown once), revoke with confirmation.
import { useEffect, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, IndexTable, InlineStack, Modal, Select, Text, TextField } from "@shopify/polaris";
import { ClipboardIcon, KeyIcon } from "@shopify/polaris-icons";
import "../library/library.css";
import { formatDateTime } from "../library/format";
import { useNotify } from "../shell/notify";

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  role: string;
  markets: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export type ApiKeyAnswer =
  | { ok: true; intent: "create"; key: { id: string; name: string; prefix: string; token: string } }
  | { ok: true; intent: "revoke"; name: string }
  | { ok: false; intent: string; error: string };

export function ApiKeysCard({ keys }: { keys: ApiKeyView[] }) {
  const create = useFetcher<ApiKeyAnswer>();
  const revoke = useFetcher<ApiKeyAnswer>();
  const notify = useNotify();
  const [name, setName] = useState("");
  const [role, setRole] = useState("editor");
  const [markets, setMarkets] = useState("");
  const [nameError, setNameError] = useState<string | undefined>();
  const [confirm, setConfirm] = useState<ApiKeyView | null>(null);
  const [dismissedToken, setDismissedToken] = useState<string | null>(null);

  const created = create.state === "idle" && create.data?.ok && create.data.intent === "create" ? create.data.key : null;
  const createError = create.state === "idle" && create.data && !create.data.ok ? create.data.error : null;
  const revokeError = revoke.state === "idle" && revoke.data && !revoke.data.ok ? revoke.data.error : null;

  useEffect(() => {
    if (created) setName("");
  }, [created]);
  useEffect(() => {
    if (revoke.state === "idle" && revoke.data?.ok && revoke.data.intent === "revoke") {
      notify(`Revoked “${revoke.data.name}”`);
      setConfirm(null);
    }
  }, [revoke.state, revoke.data, notify]);

  const submitCreate = () => {
    if (!name.trim()) return setNameError("Give the key a name, e.g. the tool or person that will use it.");
    setNameError(undefined);
    create.submit({ intent: "create", name: name.trim(), role, markets }, { method: "post" });
  };
  const copy = async (token: string) => {
    try {
      await navigator.clipboard.writeText(token);
      notify("API key copied");
    } catch {
      notify("Copy failed: select the key and copy it by hand", { error: true });
    }
  };

  const active = keys.filter((k) => !k.revokedAt).length;
  return (
    <Card padding="0">
      <Box padding="400">
        <BlockStack gap="300">
          <BlockStack gap="100">
            <InlineStack align="space-between" blockAlign="center">
              <Text as="h2" variant="headingSm">
                API keys
              </Text>
              <Badge tone={active ? "success" : undefined}>{`${active} active`}</Badge>
            </InlineStack>
            <Text as="p" variant="bodySm" tone="subdued">
              Keys let scripts, the CLI and other systems use the REST API on behalf of this shop. Keys are stored hashed: a lost key cannot
              be recovered, only replaced.
            </Text>
          </BlockStack>
          {created && created.token !== dismissedToken && !keys.some((k) => k.id === created.id && k.revokedAt) && (
            <Banner tone="success" title={`API key “${created.name}” created`} onDismiss={() => setDismissedToken(created.token)}>
              <BlockStack gap="200">
                <Text as="p">
                  Copy this key now and store it somewhere safe.{" "}
                  <Text as="span" fontWeight="semibold">
                    It will not be shown again.
                  </Text>
                </Text>
                <InlineStack gap="200" blockAlign="center" wrap={false}>
                  <div className="al-token" data-testid="new-api-key" style={{ flex: 1 }}>
                    {created.token}
                  </div>
                  <Button icon={ClipboardIcon} onClick={() => copy(created.token)}>
                    Copy
                  </Button>
                </InlineStack>
              </BlockStack>
            </Banner>
          )}
          {createError && <Banner tone="critical">{createError}</Banner>}
          {revokeError && <Banner tone="critical">{revokeError}</Banner>}
          <form
            onSubmit={(e) => {
              e.preventDefault();
              submitCreate();
            }}
          >
            <InlineStack gap="200" blockAlign="end" wrap={false}>
              <div style={{ flex: 1, maxWidth: 420 }}>
                <TextField
                  label="Key name"
                  value={name}
                  onChange={(v) => {
                    setName(v);
                    setNameError(undefined);
                  }}
                  autoComplete="off"
                  placeholder="e.g. PIM sync, Photo studio upload"
                  maxLength={80}
                  error={nameError}
                />
              </div>
              <Select
                label="Role"
                options={[
                  { label: "Editor", value: "editor" },
                  { label: "Viewer", value: "viewer" },
                  { label: "Reviewer", value: "reviewer" },
                  { label: "Admin", value: "admin" },
                ]}
                value={role}
                onChange={setRole}
              />
              <div style={{ width: 160 }}>
                <TextField label="Markets" value={markets} onChange={setMarkets} autoComplete="off" placeholder="All markets" helpText="e.g. US, EU" />
              </div>
              <Button variant="primary" submit loading={create.state !== "idle"} icon={KeyIcon}>
                Create API key
              </Button>
            </InlineStack>
          </form>
        </BlockStack>
      </Box>
      {keys.length === 0 ? (
        <Box padding="400" borderBlockStartWidth="025" borderColor="border-secondary">
          <Text as="p" tone="subdued">
            No API keys yet. Create one to use the REST API or the CLI.
          </Text>
        </Box>
      ) : (
        <IndexTable
          resourceName={{ singular: "API key", plural: "API keys" }}
          itemCount={keys.length}
          selectable={false}
          headings={[
            { title: "Name" },
            { title: "Key" },
            { title: "Role" },
            { title: "Created" },
            { title: "Last used" },
            { title: "Status" },
            { title: "", alignment: "end" },
          ]}
        >
          {keys.map((k, i) => (
            <IndexTable.Row id={k.id} key={k.id} position={i} disabled={!!k.revokedAt}>
              <IndexTable.Cell>
                <Text as="span" fontWeight="semibold" tone={k.revokedAt ? "subdued" : undefined}>
                  {k.name}
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                <Text as="span" variant="bodySm" tone="subdued">
                  <code>al_{k.prefix}_…</code>
                </Text>
              </IndexTable.Cell>
              <IndexTable.Cell>
                {k.role.charAt(0).toUpperCase() + k.role.slice(1)}
                {k.markets.length ? ` · ${k.markets.join(", ")}` : ""}
              </IndexTable.Cell>
              <IndexTable.Cell>{formatDateTime(k.createdAt)}</IndexTable.Cell>
              <IndexTable.Cell>{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : "Never"}</IndexTable.Cell>
              <IndexTable.Cell>
                {k.revokedAt ? <Badge>{`Revoked ${formatDateTime(k.revokedAt)}`}</Badge> : <Badge tone="success">Active</Badge>}
              </IndexTable.Cell>
              <IndexTable.Cell>
                <InlineStack align="end">
                  {!k.revokedAt && (
                    <Button variant="plain" tone="critical" onClick={() => setConfirm(k)}>
                      Revoke
                    </Button>
                  )}
                </InlineStack>
              </IndexTable.Cell>
            </IndexTable.Row>
          ))}
        </IndexTable>
      )}
      <Modal
        open={!!confirm}
        onClose={() => setConfirm(null)}
        title={confirm ? `Revoke “${confirm.name}”?` : "Revoke API key?"}
        primaryAction={{
          content: "Revoke key",
          destructive: true,
          loading: revoke.state !== "idle",
          onAction: () => confirm && revoke.submit({ intent: "revoke", id: confirm.id }, { method: "post" }),
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setConfirm(null) }]}
      >
        <Modal.Section>
          <Text as="p">
            Anything using the key <code>al_{confirm?.prefix}_…</code> stops working at once. This cannot be undone; create a new key if you
            need access again.
          </Text>
        </Modal.Section>
      </Modal>
    </Card>
  );
}
