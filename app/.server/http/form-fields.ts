// Form fields shared by several pages: comma-separated code lists (markets, territories, channels).
import { z } from "zod";

/** "us, EU ,jp" → ["US", "EU", "JP"] (deduplicated); each code 2–10 letters. */
export const marketList = z
  .string()
  .max(300)
  .default("")
  .transform((s, ctx) => {
    const list = [...new Set(s.split(",").map((m) => m.trim().toUpperCase()).filter(Boolean))];
    if (list.some((m) => !/^[A-Z]{2,10}$/.test(m))) ctx.addIssue({ code: "custom", message: "Markets are codes like US, EU, JP, separated by commas." });
    return list;
  });

/** "Shopify, amazon" → ["shopify", "amazon"]: lower-case channel names. */
export const channelList = z
  .string()
  .max(300)
  .default("")
  .transform((s, ctx) => {
    const list = [...new Set(s.split(",").map((c) => c.trim().toLowerCase()).filter(Boolean))];
    if (list.some((c) => !/^[a-z][a-z0-9_-]{1,19}$/.test(c))) ctx.addIssue({ code: "custom", message: "Channels are names like shopify, amazon, tiktok, separated by commas." });
    return list;
  });
