import { z } from "zod";

const code = z.string().trim().min(2).max(10).regex(/^[A-Za-z-]+$/, "use codes like US, EU, zh-CN");

/** Editable asset fields (REST PATCH body and the UI form, after its own parsing). */
export const AssetEditBody = z
  .object({
    title: z.string().trim().min(1, "title cannot be empty").max(255),
    description: z.string().max(5000),
    markets: z.array(code.transform((s) => s.toUpperCase())).max(50),
    languages: z.array(code).max(50),
    campaign: z.string().trim().max(120).nullable(),
    tags: z.array(z.string().trim().min(1).max(80)).max(100),
  })
  .partial()
  .strict();
export type AssetEditBody = z.infer<typeof AssetEditBody>;
