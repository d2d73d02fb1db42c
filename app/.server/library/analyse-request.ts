import { z } from "zod";
import { AppError } from "../errors";

/** Body of POST /api/v1/assets/:id/analyse and POST /api/v1/analyse (a backfill); all optional. */
export const AnalyseBody = z
  .object({
    force: z.boolean().optional(),
    analysers: z.array(z.string().trim().min(1).max(40)).min(1).max(20).optional(),
    allVersions: z.boolean().optional(),
  })
  .strict();
export type AnalyseBody = z.infer<typeof AnalyseBody>;

/** An empty body is `{}`; anything else must be a JSON object of that shape. */
export async function readAnalyseBody(request: Request): Promise<AnalyseBody> {
  const text = await request.text();
  if (!text.trim()) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError("validation", "The body must be JSON.");
  }
  return AnalyseBody.parse(raw);
}
