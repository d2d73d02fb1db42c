// /oauth/amazon/callback — where Amazon's consent page sends the seller back (outside the admin frame).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { connectCallback } from "~/.server/sync/connect-callback";
import { ConnectProblem } from "~/components/sync/ConnectResult";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];
export const meta: MetaFunction = () => [{ title: "Connecting Amazon · Assetline" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return connectCallback(request, "amazon");
}

export default function AmazonCallback() {
  const { message, backUrl } = useLoaderData<typeof loader>() as { message: string; backUrl: string };
  return <ConnectProblem channel="Amazon" message={message} backUrl={backUrl} />;
}
