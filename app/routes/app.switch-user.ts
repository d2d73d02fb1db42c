// POST /app/switch-user — demo mode only: act as another seeded demo user (a cookie), then go back.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { getConfig } from "~/.server/config";
import { DEMO_USERS } from "~/.server/governance/members.service";
import { DEMO_USER_COOKIE } from "~/.server/shops/require-shop";

const Body = z.object({
  handle: z.enum(DEMO_USERS.map((u) => u.handle) as [string, ...string[]]),
  back: z.string().regex(/^\/app(\/[\w\-/]*)?(\?[\w=&%.\-]*)?$/).catch("/app"),
});

export async function action({ request }: ActionFunctionArgs) {
  if (getConfig().mode !== "demo") return new Response("Not found", { status: 404 });
  const form = Object.fromEntries(await request.formData());
  const parsed = Body.safeParse(form);
  if (!parsed.success) return new Response("Unknown demo user", { status: 400 });
  return redirect(parsed.data.back, {
    headers: { "Set-Cookie": `${DEMO_USER_COOKIE}=${parsed.data.handle}; Path=/; HttpOnly; SameSite=Lax` },
  });
}
