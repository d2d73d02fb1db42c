import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveWebhook } from "~/.server/shops/webhooks.service";

export const action = ({ request }: ActionFunctionArgs) => receiveWebhook(request, "PRODUCTS_UPDATE");
