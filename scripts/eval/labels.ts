// The labelled evaluation set of issue #7 (test/fixtures/eval/labels.json): what each image is known to
// show, per facet, for `npm run eval:tags` and `npm run bench:tagging`. A facet left out of an image's
// labels is not evaluated on it (e.g. the colours of a real photo).
import { readFile } from "node:fs/promises";
import path from "node:path";

export const EVAL_DIR = path.resolve("test/fixtures/eval");
export const LABELS_FILE = path.join(EVAL_DIR, "labels.json");

/** Values that must be found (recall) and values that may also be found without counting as wrong. */
export interface ValueSet {
  values: string[];
  optional?: string[];
}

export interface TextLabel {
  /** Words (Latin, matched case-insensitively as whole tokens) and Chinese phrases (matched as substrings) in the image. Empty: no text. */
  words: string[];
  /** The language tags expected: "english", "chinese" (both for mixed text); empty for no text. */
  languages: string[];
}

export interface ImageLabels {
  colour?: ValueSet;
  background?: "pure white" | "transparent" | "solid" | "scene";
  orientation?: "square" | "portrait" | "landscape";
  /** The named aspect ratio ("4:5"), or null when the image has none. */
  aspect?: string | null;
  size?: "small" | "medium" | "large" | "huge";
  text?: TextLabel;
  /** Whether a person is in the image ("person"), or not ("product only"). */
  people?: "person" | "product only";
  objects?: ValueSet;
  safety?: "safe" | "sensitive";
}

export interface EvalImage {
  /** Path relative to test/fixtures/eval/. */
  file: string;
  /** "generated" (scripts/eval/generate-eval-set.ts), "photo" (photos/, see LICENSE.md) or "derived" (generated from a photo). */
  source: "generated" | "photo" | "derived";
  /** What the image shows, for people reading the tables. */
  kind: string;
  width: number;
  height: number;
  labels: ImageLabels;
}

export interface EvalManifest {
  description: string;
  seed: number;
  images: EvalImage[];
}

export async function readManifest(file = LABELS_FILE): Promise<EvalManifest> {
  return JSON.parse(await readFile(file, "utf8")) as EvalManifest;
}

export const BACKGROUNDS = ["pure white", "transparent", "solid", "scene"] as const;
export const ORIENTATIONS = ["square", "portrait", "landscape"] as const;
export const SIZES = ["small", "medium", "large", "huge"] as const;
