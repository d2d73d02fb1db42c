// The evaluation set's manifest (test/fixtures/eval/labels.json) is well formed and every image it lists
// is there with the size it states. Cheap: reads headers only, runs no model.
import { readdir } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { ASPECTS, SIZE_CLASSES } from "../../app/.server/media/analysers/shape";
import { COCO_NAMES_ZH } from "../../app/.server/media/analysers/coco-names";
import { COLOUR_NAMES } from "../../app/.server/media/analysers/colour-names";
import { BACKGROUNDS, EVAL_DIR, ORIENTATIONS, readManifest } from "./labels";

const colours = new Set(COLOUR_NAMES.map((c) => c.value));
const objects = new Set(Object.keys(COCO_NAMES_ZH));

describe("evaluation set manifest", async () => {
  const manifest = await readManifest();

  it("lists ~120 images, each once, with labels in the analysers' vocabularies", () => {
    expect(manifest.images.length).toBeGreaterThanOrEqual(100);
    const files = manifest.images.map((i) => i.file);
    expect(new Set(files).size).toBe(files.length);
    for (const { file, source, labels } of manifest.images) {
      expect(["generated", "photo", "derived"], file).toContain(source);
      if (labels.colour) for (const c of [...labels.colour.values, ...(labels.colour.optional ?? [])]) expect(colours, `${file} colour ${c}`).toContain(c);
      if (labels.background) expect(BACKGROUNDS, file).toContain(labels.background);
      if (labels.orientation) expect(ORIENTATIONS, file).toContain(labels.orientation);
      if (labels.aspect) expect(ASPECTS.map((a) => a.value), file).toContain(labels.aspect);
      if (labels.size) expect(SIZE_CLASSES.map((s) => s.value), file).toContain(labels.size);
      if (labels.objects) for (const o of [...labels.objects.values, ...(labels.objects.optional ?? [])]) expect(objects, `${file} object ${o}`).toContain(o);
      if (labels.people) expect(["person", "product only"], file).toContain(labels.people);
      if (labels.safety) expect(["safe", "sensitive"], file).toContain(labels.safety);
      if (labels.text) {
        expect(labels.text.words.length > 0, file).toBe(labels.text.languages.length > 0);
        for (const l of labels.text.languages) expect(["english", "chinese"], file).toContain(l);
      }
    }
  });

  it("covers every facet value the set is meant to test", () => {
    const seen = (f: (l: (typeof manifest.images)[number]["labels"]) => unknown) => new Set(manifest.images.map((i) => f(i.labels)));
    expect([...seen((l) => l.background)]).toEqual(expect.arrayContaining([...BACKGROUNDS]));
    expect([...seen((l) => l.orientation)]).toEqual(expect.arrayContaining([...ORIENTATIONS]));
    expect([...seen((l) => l.size)]).toEqual(expect.arrayContaining(["small", "medium", "large", "huge"]));
    expect([...seen((l) => l.text?.languages.join("+"))]).toEqual(expect.arrayContaining(["", "english", "chinese", "english+chinese"]));
    expect([...seen((l) => l.people)]).toEqual(expect.arrayContaining(["person", "product only"]));
  });

  it("every file exists with the stated size, and generated/ holds nothing unlisted", async () => {
    for (const { file, width, height } of manifest.images) {
      const meta = await sharp(path.join(EVAL_DIR, file)).metadata();
      expect([meta.width, meta.height], file).toEqual([width, height]);
    }
    const listed = new Set(manifest.images.map((i) => i.file));
    const onDisk = (await readdir(path.join(EVAL_DIR, "generated"))).map((f) => `generated/${f}`);
    expect(onDisk.filter((f) => !listed.has(f))).toEqual([]);
  });
});
