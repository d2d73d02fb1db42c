// Entry: in demo mode straight to the library; in shopify mode the template's behaviour (an install
// with ?shop= goes to /app, which authenticates).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getConfig } from "~/.server/config";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (getConfig().mode === "demo" || url.searchParams.get("shop")) throw redirect(`/app${url.search}`);
  throw redirect("/auth/login");
}
