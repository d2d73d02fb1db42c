// Tags from a file's name and the folder it was uploaded from (issue #7): "Spring 2026/Amazon/
// Blue_Sneaker_final_v3.jpg" → blue (colour), sneaker (filename), spring and amazon (folder). Pure: the
// ingest and the analyse job store what it returns (VersionAnalysis "filename", AssetTag analyser
// "filename" | "folder"); raising FILENAME_TAGGER.version re-runs it, and only it, over the library.
//
// Tokens: split on separators, camelCase and letter/digit boundaries; Chinese runs cut by jieba; noise
// dropped (final, v3, copy, IMG/DSC camera names, 1000x1000, dates, hashes, numbers, the extension, words
// under three letters, single Chinese characters). A colour word (the colour lexicon's own names, not the
// ambiguous aliases such as rose, coffee or cream) fills the colour facet with its Chinese name.
//
// Confidence, and why: only a colour word in the file's own name is accepted outright (0.9 ≥ acceptAt
// 0.85) — it is a closed vocabulary and merchants name files by colour on purpose. Any other word of the
// filename is a suggestion (0.7): "sneaker" is likely right, "hero" or "mum" may not describe the image.
// Folder words describe a whole batch of files, so they are weaker (colour 0.8, word 0.65: suggestions);
// a word in both the name and the folder is more likely to describe it (+0.1, counted for the filename).
import type { TagSuggestion } from "../media/analysers/types";
import { findColourName } from "../media/analysers/colour-names";
import { cutHan, fold } from "./search/segment";

export const FILENAME_TAGGER = {
  /** VersionAnalysis.analyser of a run; its tags carry analyser "filename" or "folder". */
  id: "filename",
  version: 1,
  acceptAt: 0.85,
  minConfidence: 0.5,
} as const;

/** The analyser ids the tagger's tags carry. */
export const FILENAME_ANALYSERS = ["filename", "folder"] as const;
export type FilenameAnalyser = (typeof FILENAME_ANALYSERS)[number];

export interface FilenameTag extends TagSuggestion {
  analyser: FilenameAnalyser;
}

const CONFIDENCE = { filename: { colour: 0.9, word: 0.7 }, folder: { colour: 0.8, word: 0.65 }, both: 0.1 } as const;

/** Words that say how a file was made or saved, not what it shows. */
const NOISE = new Set([
  "final", "finals", "version", "ver", "new", "copy", "copies", "img", "image", "images", "dsc", "dscn", "dscf", "dcim", "pxl",
  "mvimg", "edited", "edit", "edits", "untitled", "screenshot", "screen", "shot", "photo", "photos", "pic", "pics", "picture",
  "jpg", "jpeg", "png", "webp", "tif", "tiff", "psd", "heic", "gif", "svg", "raw", "export", "exported", "exports", "web",
  "hires", "lowres", "retouched", "retouch", "resized", "resize", "crop", "cropped", "original", "orig", "backup", "bak",
  "tmp", "temp", "test", "draft", "drafts", "wip", "approved", "rejected", "latest", "old", "updated", "update", "revised",
  "rev", "file", "files", "the", "and", "with", "for", "from", "upload", "uploads", "uploaded", "download", "downloads",
  "desktop", "documents", "users", "user", "home", "misc", "folder", "assets", "asset", "media", "camera",
  "whatsapp", "wechat", "scan", "scanned", "output", "outputs", "render", "small", "large", "medium", "thumb", "thumbnail",
]);
/** The same in Chinese: 副本 (copy), 最终版 (final) … and generic words for a picture or a folder. */
const NOISE_ZH = new Set(["副本", "最终", "最终版", "终稿", "定稿", "修改", "修改版", "新建", "新建文件夹", "文件夹", "图片", "照片", "复制", "拷贝", "截图", "截屏", "草稿", "原图", "原稿"]);
/** Colour aliases that are other words too (a rose, coffee, a cream): left as plain words. */
const AMBIGUOUS_COLOURS = new Set(["rose", "coffee", "tan", "camel", "cream", "nude", "lime", "olive", "chocolate", "lemon", "mustard", "ivory", "charcoal", "aqua", "lilac", "lavender", "golden", "金", "银", "青", "红", "蓝", "黄", "绿", "紫", "棕", "黑", "白", "灰", "橙"]);

/** A whole chunk that is noise: a version (v3, V12), a size (1000x1000), a camera name (IMG1234; a camera folder such as 100APPLE), a hex hash. */
const NOISE_CHUNK = [/^v\d+$/i, /^\d+x\d+$/i, /^(img|dsc|dscn|dscf|pxl|mvimg|gopr|mov|vid)\d+$/i, /^(?=.*\d)(?=.*[a-f])[0-9a-f]{8,}$/i, /^\d{1,2}x$/i, /^@\dx$/i, /^\d{3}[A-Z_]{5}$/];

/** Splits an ASCII-ish chunk on camelCase and letter/digit boundaries: "BlueSneaker2" → Blue, Sneaker, 2; "HTMLPage" → HTML, Page. */
export function splitCamel(chunk: string): string[] {
  return chunk
    .replace(/([\p{Ll}])([\p{Lu}])/gu, "$1 $2")
    .replace(/([\p{Lu}]+)([\p{Lu}][\p{Ll}])/gu, "$1 $2")
    .replace(/([\p{L}])(\p{N})/gu, "$1 $2")
    .replace(/(\p{N})([\p{L}])/gu, "$1 $2")
    .split(" ")
    .filter(Boolean);
}

/** The file name without its extension ("a.b.jpg" → "a.b"; a name that is only an extension stays). */
export const stemOf = (filename: string): string => filename.replace(/\.[A-Za-z0-9]{1,5}$/, "") || filename;

/**
 * The meaningful words of one name (a filename stem or one folder), folded to lower case, in order,
 * deduplicated. Chinese runs are cut by jieba; single characters and noise are dropped.
 */
export function nameTokens(name: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const push = (w: string) => {
    if (!seen.has(w)) {
      seen.add(w);
      out.push(w);
    }
  };
  // Separators: anything that is not a letter, mark or digit (space _ - . + ( ) [ ] , & …).
  for (const chunk of name.normalize("NFKC").split(/[^\p{L}\p{M}\p{N}]+/u)) {
    if (!chunk || NOISE_CHUNK.some((re) => re.test(chunk))) continue;
    for (const run of chunk.split(/(\p{Script=Han}+)/u)) {
      if (!run) continue;
      if (/\p{Script=Han}/u.test(run)) {
        for (const w of cutHan(run)) if ([...w].length >= 2 && !NOISE_ZH.has(w)) push(w);
        continue;
      }
      for (const part of splitCamel(run)) {
        const w = fold(part);
        if (/^\p{N}+$/u.test(w) || w.length < 3 || NOISE.has(w)) continue; // numbers, dates, "a", "of", noise
        push(w);
      }
    }
  }
  return out;
}

/** The folder's segments, innermost last, without empty or "." ones ("Spring 2026\\Amazon/" → ["Spring 2026", "Amazon"]). */
export const folderSegments = (folder: string | null | undefined): string[] =>
  (folder ?? "").split(/[\\/]+/).map((s) => s.trim()).filter((s) => s && s !== "." && s !== "..");

function colourOf(word: string): { value: string; valueZh: string } | null {
  if (AMBIGUOUS_COLOURS.has(word)) return null;
  const c = findColourName(word);
  return c ? { value: c.value, valueZh: c.valueZh } : null;
}

/** Two-word colours a filename may spell out ("navy_blue", "sky-blue"). */
function withColourPhrases(words: string[]): Array<{ word: string; span: number }> {
  const out: Array<{ word: string; span: number }> = [];
  for (let i = 0; i < words.length; i++) {
    const pair = i + 1 < words.length ? `${words[i]} ${words[i + 1]}` : null;
    if (pair && colourOf(pair)) {
      out.push({ word: pair, span: 2 });
      i++;
    } else out.push({ word: words[i]!, span: 1 });
  }
  return out;
}

/** The tags of a file's name and folder (empty when neither says anything). */
export function filenameTags(filename: string, folder?: string | null): FilenameTag[] {
  const byValue = new Map<string, FilenameTag>();
  const add = (analyser: FilenameAnalyser, words: string[]) => {
    for (const { word } of withColourPhrases(words)) {
      const colour = colourOf(word);
      const value = colour?.value ?? word;
      const confidence = colour ? CONFIDENCE[analyser].colour : CONFIDENCE[analyser].word;
      const prev = byValue.get(value);
      if (prev) {
        // Seen in the filename and again in the folder (or twice in the folder path): more certain.
        if (prev.analyser !== analyser) prev.confidence = Math.min(1, Math.round((prev.confidence + CONFIDENCE.both) * 100) / 100);
        continue;
      }
      byValue.set(value, colour ? { analyser, facet: "colour", value, valueZh: colour.valueZh, confidence } : { analyser, facet: analyser, value, confidence });
    }
  };
  add("filename", nameTokens(stemOf(filename)));
  add("folder", folderSegments(folder).flatMap(nameTokens));
  return [...byValue.values()].filter((t) => t.confidence >= FILENAME_TAGGER.minConfidence);
}

/** The state a fresh filename/folder tag starts in. */
export const filenameTagState = (confidence: number): "accepted" | "suggested" => (confidence >= FILENAME_TAGGER.acceptAt ? "accepted" : "suggested");
