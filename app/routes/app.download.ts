// POST /app/download — a zip of the selected assets' originals (form field `ids`, comma-separated).
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiError } from "~/.server/http/api-response";
import { zipName, zipResponse } from "~/.server/http/zip-response";
import { zipOfAssets } from "~/.server/library/downloads.service";
import { requireShop } from "~/.server/shops/require-shop";

const Ids = z.string().max(20_000).transform((s) => s.split(",").filter(Boolean)).pipe(z.array(z.string().uuid()).min(1).max(500));

export async function action({ request }: ActionFunctionArgs) {
  try {
    const { shop, actor, services } = await requireShop(request);
    const ids = Ids.parse((await request.formData()).get("ids") ?? "");
    const zip = await zipOfAssets(services, shop.id, actor, ids);
    return zipResponse(zip.stream, zipName("assetline"));
  } catch (err) {
    return apiError(err);
  }
}
