// /oauth/shopify/callback — where the Shopify install screen (demo) sends the seller back (outside the admin frame).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { connectCallback } from "~/.server/sync/connect-callback";
import { ConnectProblem } from "~/components/sync/ConnectResult";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];
export const meta: MetaFunction = () => [{ title: "Connecting Shopify · Assetline" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return connectCallback(request, "shopify");
}

export default function ShopifyCallback() {
  const { message, backUrl } = useLoaderData<typeof loader>() as { message: string; backUrl: string };
  return <ConnectProblem channel="Shopify" message={message} backUrl={backUrl} />;
}
