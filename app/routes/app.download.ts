// POST /app/download — asks for a zip of the selected assets (form fields `ids`, comma-separated, and
// optional `rendition`) and answers `{ url }`, a one-minute signed link the page then navigates to: inside
// Shopify admin a navigation carries no session token, so the authenticated step is this fetch.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { apiError, json } from "~/.server/http/api-response";
import { signDownload, ZIP_LINK_MAX_ASSETS } from "~/.server/library/download-links";
import { planZip, RenditionId } from "~/.server/library/downloads.service";
import { requireShop } from "~/.server/shops/require-shop";

const Form = z.object({
  ids: z
    .string()
    .max(20_000)
    .transform((s) => s.split(",").filter(Boolean))
    .pipe(z.array(z.string().uuid()).min(1, "Select at least one asset to download.").max(ZIP_LINK_MAX_ASSETS, `Download at most ${ZIP_LINK_MAX_ASSETS} assets at once here; use the API for more.`)),
  rendition: z.string().regex(RenditionId).nullable(),
});

export async function action({ request }: ActionFunctionArgs) {
  try {
    const { shop, actor, services } = await requireShop(request);
    const form = await request.formData();
    const body = Form.parse({ ids: form.get("ids") ?? "", rendition: form.get("rendition") || null });
    // Refuse here (with the reason) when nothing could go in, rather than on a bare download page.
    await planZip(services, shop.id, actor, body.ids, { rendition: body.rendition });
    const token = signDownload(services.config.shopify?.apiSecret ?? null, { kind: "zip", shopId: shop.id, memberId: actor.id, assetIds: body.ids, rendition: body.rendition });
    return json({ url: `/downloads/${token}` });
  } catch (err) {
    return apiError(err);
  }
}
