// Settings: REST API keys (create once-shown tokens, revoke) and how to call the API.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, Layout, Page } from "@shopify/polaris";
import { z } from "zod";
import { errorBody } from "~/.server/http/api-response";
import { issueApiKey, listKeys, revokeKey } from "~/.server/governance/api-keys.service";
import { requireShop } from "~/.server/shops/require-shop";
import { marketList } from "~/.server/http/form-fields";
import { allows, ROLES } from "~/.server/governance/policy";
import { ApiKeysCard, type ApiKeyAnswer } from "~/components/settings/ApiKeysCard";
import { RestApiHelp } from "~/components/settings/RestApiHelp";

export const meta: MetaFunction = () => [{ title: "Settings · Assetline" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  const baseUrl = new URL(request.url).origin;
  if (!allows(actor, "apikey.manage")) return { keys: [], baseUrl, notAllowed: `API keys are managed by shop admins; you are signed in as ${actor.role}.` };
  const keys = await listKeys(services.db.prisma, shop.id, actor);
  return {
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

const Body = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    name: z.string().trim().min(1, "Give the key a name.").max(80, "Use at most 80 characters."),
    role: z.enum(ROLES).default("editor"),
    markets: marketList,
  }),
  z.object({ intent: z.literal("revoke"), id: z.string().uuid() }),
]);

export async function action({ request }: ActionFunctionArgs): Promise<ApiKeyAnswer> {
  const { shop, actor, services } = await requireShop(request);
  const form = Object.fromEntries(await request.formData());
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

export default function Settings() {
  const { keys, baseUrl, notAllowed } = useLoaderData<typeof loader>();
  return (
    <Page title="Settings" subtitle="API access for scripts, the CLI and other systems">
      <Layout>
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
