// POST /app/upload — the UI's upload endpoint (one or many files, multipart field `file`; optional
// `assetId` query to add a version). Answers JSON per file so the page can show each file's outcome.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { json, apiError } from "~/.server/http/api-response";
import { handleUpload } from "~/.server/library/upload.service";
import { requireShop } from "~/.server/shops/require-shop";

const Query = z.object({ assetId: z.string().uuid().optional() });

export async function action({ request }: ActionFunctionArgs) {
  try {
    const { shop, actor, services } = await requireShop(request);
    const { assetId } = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
    const results = await handleUpload(services, shop.id, actor, request, { assetId });
    return json({ results });
  } catch (err) {
    return apiError(err);
  }
}
