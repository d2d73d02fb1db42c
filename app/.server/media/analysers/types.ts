// The contract every auto-tagger fills (issue #7, DESIGN §5 "analyse"). An analyser is versioned: raising
// `version` re-runs only that analyser over the library. Analysers are pure with respect to the database:
// they read pixels/text and return suggestions; the analyse job stores them (and never re-adds a tag the
// merchant rejected).

/** The facet a tag fills: search filters and the tag chips group by it. */
export type TagFacet =
  | "colour"
  | "background"
  | "orientation"
  | "aspect"
  | "size"
  | "text"
  | "language"
  | "people"
  | "object"
  | "safety"
  | "keyword"
  | "filename"
  | "folder"
  | "catalogue";

export interface TagSuggestion {
  facet: TagFacet;
  /** Canonical English value, lower case: "blue", "pure white", "portrait", "person", "cup". */
  value: string;
  /** The Chinese name where the lexicon has one ("蓝色", "纯白背景"), indexed and shown beside it. */
  valueZh?: string;
  /** 0..1: how sure the analyser is. */
  confidence: number;
}

/** Decoded pixels the image analysers share: one decode per version, long side ≤ `PREVIEW_EDGE`. */
export interface AnalyserImage {
  /** Raw interleaved pixels, row-major, `channels` bytes per pixel (sRGB, alpha unpremultiplied). */
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3 | 4;
  /** Size of the original master, for orientation/size classes. */
  originalWidth: number;
  originalHeight: number;
}

export const PREVIEW_EDGE = 512;

export interface AnalyserResult {
  tags: TagSuggestion[];
  /** Text found in the image (OCR), with the detected language: indexed for search. */
  text?: { content: string; language: "en" | "zh" | "mixed" | "other" };
  /** Numeric features kept for similarity ("colour" histogram etc.), keyed by feature name. */
  features?: Record<string, number[]>;
}

export interface ImageAnalyser {
  /** Stable id: "colour", "background", "shape", "ocr", "vision", "safety". */
  id: string;
  version: number;
  analyse(image: AnalyserImage): Promise<AnalyserResult>;
}
