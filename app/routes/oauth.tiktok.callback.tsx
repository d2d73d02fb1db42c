// /oauth/tiktok/callback — where TikTok Shop's consent page sends the seller back (outside the admin frame).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { connectCallback } from "~/.server/sync/connect-callback";
import { ConnectProblem } from "~/components/sync/ConnectResult";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];
export const meta: MetaFunction = () => [{ title: "Connecting TikTok Shop · Assetline" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return connectCallback(request, "tiktok");
}

export default function TiktokCallback() {
  const { message, backUrl } = useLoaderData<typeof loader>() as { message: string; backUrl: string };
  return <ConnectProblem channel="TikTok Shop" message={message} backUrl={backUrl} />;
}
