import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Page, Text } from "@shopify/polaris";
import { listLibrary } from "~/.server/library/assets.service";
import { presentAsset } from "~/.server/library/present";
import { requireShop } from "~/.server/shops/require-shop";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, services } = await requireShop(request);
  const page = await listLibrary({ prisma: services.db.prisma, queue: services.queue }, shop.id, {}, {});
  return { items: page.items.map((a) => presentAsset(shop.mediaKey, a)) };
}

export default function Library() {
  const { items } = useLoaderData<typeof loader>();
  return (
    <Page title="Library">
      <Text as="p">{items.length} assets</Text>
    </Page>
  );
}
