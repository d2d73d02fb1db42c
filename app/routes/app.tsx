// The app layout: Polaris everywhere; inside Shopify admin, App Bridge (nav, toasts) through the
// shell adapter; in demo mode a standalone frame with our own navigation and a "Demo" badge.
import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { AppShell } from "~/components/shell/AppShell";
import { requireShop } from "~/.server/shops/require-shop";
import { DEMO_USERS } from "~/.server/governance/members.service";
import { unreadCount } from "~/.server/governance/notifications.service";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, actor, services } = await requireShop(request);
  return {
    mode: services.config.mode,
    apiKey: services.config.shopify?.apiKey ?? "",
    shopName: shop.name,
    isDemo: shop.isDemo,
    user: { id: actor.id, name: actor.name, role: actor.role, markets: [...actor.markets] },
    unread: await unreadCount(services.db.prisma, shop.id, actor),
    demoUsers: services.config.mode === "demo" ? DEMO_USERS.map((u) => ({ handle: u.handle, name: u.name, role: u.role, markets: u.markets })) : [],
  };
}

export default function AppLayout() {
  const data = useLoaderData<typeof loader>();
  return (
    <AppShell {...data}>
      <Outlet />
    </AppShell>
  );
}

// Shopify needs Remix to catch its thrown responses (auth redirects) to add the right headers.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
