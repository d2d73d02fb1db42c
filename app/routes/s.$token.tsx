// /s/<token> — the public share page (no Shopify chrome): a grid of the shared assets, previews only
// (watermarked) or with downloads, behind an optional password. Never indexed, never leaks a referrer.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AppProvider, Banner, BlockStack, Box, Button, Card, InlineGrid, Page, Text, TextField } from "@shopify/polaris";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import en from "@shopify/polaris/locales/en.json";
import { useState } from "react";
import { getServices } from "~/.server/context";
import { AppError } from "~/.server/errors";
import { errorBody } from "~/.server/http/api-response";
import { clientIp } from "~/.server/http/client-ip";
import { readShareProof, shareProofCookie } from "~/.server/http/share-cookie";
import { assetsOfShare, logShareAccess, openShare, unlockShare, versionShown } from "~/.server/governance/shares.service";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];
export const meta: MetaFunction = () => [{ title: "Shared assets" }, { name: "robots", content: "noindex, nofollow" }];
export const headers: HeadersFunction = () => ({ "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex, nofollow" });

type State =
  | { kind: "open"; token: string; name: string; shop: string; previewOnly: boolean; expiresAt: string | null; assets: Array<{ id: string; title: string; width: number | null; height: number | null }> }
  | { kind: "password" }
  | { kind: "refused"; status: number; message: string };

export async function loader({ request, params, context }: LoaderFunctionArgs): Promise<State> {
  const { db } = await getServices();
  const token = params.token ?? "";
  const visitor = { ip: clientIp(context), proof: readShareProof(request, token) };
  try {
    const share = await openShare(db.prisma, token, visitor);
    const assets = await assetsOfShare(db.prisma, share);
    await logShareAccess(db.prisma, share, visitor, "open", null);
    return {
      kind: "open",
      token,
      name: share.name,
      shop: share.shop.name,
      previewOnly: share.previewOnly,
      expiresAt: share.expiresAt?.toISOString() ?? null,
      assets: assets.map((a) => ({ id: a.id, title: a.title, width: versionShown(a)?.width ?? null, height: versionShown(a)?.height ?? null })),
    };
  } catch (err) {
    if (err instanceof AppError && err.kind === "password_required") return { kind: "password" };
    const { status, body } = errorBody(err);
    return { kind: "refused", status, message: body.message };
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { db } = await getServices();
  const token = params.token ?? "";
  const password = String((await request.formData()).get("password") ?? "").slice(0, 200);
  try {
    const proof = await unlockShare(db.prisma, token, password, { ip: clientIp(context) });
    return redirect(`/s/${token}`, { headers: { "Set-Cookie": shareProofCookie(token, proof) } });
  } catch (err) {
    const { status, body } = errorBody(err);
    return Response.json({ error: body.message }, { status });
  }
}

export default function SharePage() {
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<{ error?: string }>();
  const [password, setPassword] = useState("");
  return (
    <AppProvider i18n={en}>
      {data.kind === "refused" && (
        <Page narrowWidth title="Shared assets">
          <Banner tone="critical" title="This link cannot be opened">
            <p>{data.message}</p>
          </Banner>
        </Page>
      )}
      {data.kind === "password" && (
        <Page narrowWidth title="Shared assets">
          <Card>
            <Form method="post">
              <BlockStack gap="300">
                <Text as="p">This link is protected by a password.</Text>
                {answer?.error && <Banner tone="critical">{answer.error}</Banner>}
                <TextField label="Password" type="password" name="password" value={password} onChange={setPassword} autoComplete="off" />
                <Button submit variant="primary">Open</Button>
              </BlockStack>
            </Form>
          </Card>
        </Page>
      )}
      {data.kind === "open" && (
        <Page
          title={data.name}
          primaryAction={data.previewOnly || data.assets.length < 2 ? undefined : { content: "Download all (zip)", url: `/s/${data.token}/zip` }}
          subtitle={`Shared by ${data.shop}${data.expiresAt ? ` · until ${new Date(data.expiresAt).toLocaleDateString()}` : ""}${data.previewOnly ? " · preview only" : ""}`}>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 3 }} gap="400">
            {data.assets.map((a) => (
              <Card key={a.id} padding="0">
                <div style={{ aspectRatio: "1 / 1", background: "#f6f6f7", display: "flex", alignItems: "center", justifyContent: "center" }}>
                  <img
                    src={`/s/${data.token}/preview/${a.id}`}
                    alt={a.title}
                    loading="lazy"
                    style={{ maxWidth: "100%", maxHeight: "100%", objectFit: "contain" }}
                  />
                </div>
                <Box padding="300">
                  <BlockStack gap="200">
                    <Text as="span" fontWeight="semibold">{a.title}</Text>
                    {!data.previewOnly && (
                      <Button url={`/s/${data.token}/download/${a.id}`} download>
                        Download original
                      </Button>
                    )}
                  </BlockStack>
                </Box>
              </Card>
            ))}
          </InlineGrid>
        </Page>
      )}
    </AppProvider>
  );
}
