// The official SP-API models (copied verbatim from /work/shared/specs/amazon, see SOURCES.md there):
// request bodies are validated against their definitions and the per-operation usage plans are read
// from the "**Usage Plan:**" table in each operation's description, so the sandbox follows the model.
import { readFileSync } from "node:fs";
import { sandboxFile } from "../files";
import { validateSchema, type Definitions, type Json } from "./json-schema";

interface ModelOperation {
  operationId?: string;
  description?: string;
}
interface Model {
  definitions: Definitions;
  paths: Record<string, Record<string, ModelOperation>>;
}

const load = (file: string): Model => JSON.parse(readFileSync(sandboxFile(`sandbox/amazon/models/${file}`, import.meta.url), "utf8")) as Model;

const listingsModel = load("listingsItems_2021-08-01.json");
const sellersModel = load("sellers.json");

/** Problems with a body against a Listings Items definition (e.g. ListingsItemPatchRequest). */
export const validateListingsBody = (definition: string, body: Json): string[] =>
  validateSchema({ $ref: `#/definitions/${definition}` }, body, listingsModel.definitions);

export interface UsagePlan {
  rate: number;
  burst: number;
}

const PLAN = /\*\*Usage Plan:\*\*\s*\|[^\n]*\|\s*\n\|[^\n]*\|\s*\n\|\s*([\d.]+)\s*\|\s*([\d.]+)\s*\|/;

function plansOf(model: Model): Record<string, UsagePlan> {
  const out: Record<string, UsagePlan> = {};
  for (const ops of Object.values(model.paths))
    for (const op of Object.values(ops)) {
      const m = op.operationId && op.description ? PLAN.exec(op.description) : null;
      if (m && op.operationId) out[op.operationId] = { rate: Number(m[1]), burst: Number(m[2]) };
    }
  return out;
}

/** operationId → default usage plan, as the models state them. */
export const MODEL_USAGE_PLANS: Readonly<Record<string, UsagePlan>> = { ...plansOf(listingsModel), ...plansOf(sellersModel) };
