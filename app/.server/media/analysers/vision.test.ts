// Vision analyser on the real models (Human on the WASM backend, in a worker thread), on real photos
// (test/fixtures/eval/photos, see LICENSE.md there) and generated packshots.
import path from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAnalyserImage } from "./decode";
import type { AnalyserImage, AnalyserResult } from "./types";
import { COCO_NAMES_ZH, createVisionAnalyser, personEvidence, VisionPool, visionTags, type VisionDetections } from "./vision";

const PHOTOS = fileURLToPath(new URL("../../../../test/fixtures/eval/photos/", import.meta.url));
const photo = (name: string) => loadAnalyserImage(path.join(PHOTOS, name));

/** A packshot: a coloured square on white (or on transparency: RGBA pixels). */
async function packshot(colour: string, background: string | null = "#ffffff"): Promise<AnalyserImage> {
  const bg = background ? `<rect width="100%" height="100%" fill="${background}"/>` : "";
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800">${bg}<rect x="250" y="250" width="300" height="300" fill="${colour}"/></svg>`;
  return loadAnalyserImage(await sharp(Buffer.from(svg)).png().toBuffer());
}

const values = (r: AnalyserResult, facet: string) => r.tags.filter((t) => t.facet === facet).map((t) => t.value);

const none: Pick<VisionDetections, "faces" | "bodies" | "objects"> = { faces: [], bodies: [], objects: [] };
const box: [number, number, number, number] = [0.1, 0.1, 0.5, 0.5];

describe("vision tags", () => {
  it("names the 80 COCO classes in Chinese", () => {
    expect(Object.keys(COCO_NAMES_ZH)).toHaveLength(80);
    expect(COCO_NAMES_ZH.cup).toBe("杯子");
    expect(COCO_NAMES_ZH.cat).toBe("猫");
  });

  it("counts a person from a mesh-confirmed face, a clear pose or CenterNet's person", () => {
    expect(personEvidence({ ...none, faces: [{ score: 0.99, detectorScore: 0.74, box }] })).toEqual({ present: true, score: 0.865 });
    expect(personEvidence({ ...none, bodies: [{ score: 0.76, keypoints: 11, box }] }).present).toBe(true);
    expect(personEvidence({ ...none, objects: [{ label: "person", score: 0.58, box }] }).present).toBe(true);
    // Weak hints only: a detector face the mesh rejects, a pose with few keypoints, a faint "person".
    const weak = personEvidence({ faces: [{ score: 0.59, detectorScore: 0.36, box }], bodies: [{ score: 0.36, keypoints: 2, box }], objects: [{ label: "person", score: 0.27, box }] });
    expect(weak).toEqual({ present: false, score: 0.475 });
  });

  it("tags people and the best score of each object class above the threshold", () => {
    const tags = visionTags({
      faces: [],
      bodies: [{ score: 0.77, keypoints: 10, box }],
      objects: [
        { label: "person", score: 0.6, box },
        { label: "cup", score: 0.4, box },
        { label: "cup", score: 0.59, box },
        { label: "bottle", score: 0.27, box },
      ],
    });
    expect(tags).toEqual([
      { facet: "people", value: "person", valueZh: "人物", confidence: 0.77 },
      { facet: "people", value: "model shot", valueZh: "模特图", confidence: 0.77 },
      { facet: "object", value: "cup", valueZh: "杯子", confidence: 0.59 },
    ]);
    expect(visionTags({ ...none, bodies: [{ score: 0.2, keypoints: 0, box }] })).toEqual([{ facet: "people", value: "product only", valueZh: "纯产品图", confidence: 0.8 }]);
  });
});

describe("vision analyser (Human, WASM, worker thread)", { timeout: 180_000 }, () => {
  let pool: VisionPool;
  let analyser: ReturnType<typeof createVisionAnalyser>;
  const timings: string[] = [];

  beforeAll(() => {
    pool = new VisionPool();
    analyser = createVisionAnalyser(pool);
  });
  afterAll(async () => {
    await pool.close();
    console.info(`Vision timings (ms):\n${timings.join("\n")}`);
  });

  async function analyse(name: string, image: AnalyserImage): Promise<{ detections: VisionDetections; result: AnalyserResult }> {
    const started = performance.now();
    const detections = await analyser.detect(image);
    const roundTrip = Math.round(performance.now() - started);
    timings.push(`${name} ${image.width}×${image.height}×${image.channels}: load ${detections.timings.loadMs ?? "-"}, infer ${detections.timings.inferMs}, round trip ${roundTrip}`);
    return { detections, result: { tags: visionTags(detections) } };
  }

  it("has the analyser identity of the contract", () => {
    expect(analyser.id).toBe("vision");
    expect(analyser.version).toBe(1);
  });

  it("sees the astronaut: a person, a model shot, her face in the upper half", async () => {
    const { detections, result } = await analyse("astronaut", await photo("astronaut.png"));
    expect(values(result, "people")).toEqual(["person", "model shot"]);
    expect(result.tags.find((t) => t.value === "person")?.confidence).toBeGreaterThan(0.8);
    const face = detections.faces.find((f) => f.score >= 0.8);
    expect(face).toBeDefined();
    const [x, y, w, h] = face!.box;
    expect(x).toBeGreaterThan(0);
    expect(x + w).toBeLessThanOrEqual(1);
    expect(y + h / 2).toBeLessThan(0.5);
    // The contract's entry point gives the same tags.
    expect(await analyser.analyse(await photo("astronaut.png"))).toEqual(result);
  });

  it("sees the man behind the camera (a greyscale photo)", async () => {
    const { result } = await analyse("camera", await photo("camera.png"));
    expect(values(result, "people")).toEqual(["person", "model shot"]);
  });

  it("sees a cat and nobody in Chelsea", async () => {
    const { detections, result } = await analyse("chelsea", await photo("chelsea.png"));
    expect(values(result, "people")).toEqual(["product only"]);
    expect(values(result, "object")).toContain("cat");
    expect(result.tags.find((t) => t.value === "cat")?.valueZh).toBe("猫");
    // The cat's box, mapped back from the letterboxed square, lies inside the (landscape) photo.
    const cat = detections.objects.find((o) => o.label === "cat")!;
    const [x, y, w, h] = cat.box;
    expect(Math.min(x, y)).toBeGreaterThanOrEqual(0);
    expect(Math.max(x + w, y + h)).toBeLessThanOrEqual(1);
    expect(w * h).toBeGreaterThan(0.2);
  });

  it("sees a cup and nobody in the coffee photo", async () => {
    const { result } = await analyse("coffee", await photo("coffee.png"));
    expect(values(result, "people")).toEqual(["product only"]);
    expect(values(result, "object")).toContain("cup");
    expect(result.tags.find((t) => t.value === "cup")?.valueZh).toBe("杯子");
  });

  it("sees nobody in the rocket launch photo", async () => {
    const { result } = await analyse("rocket", await photo("rocket.jpg"));
    expect(values(result, "people")).toEqual(["product only"]);
  });

  it("calls a plain packshot (opaque or transparent) product only", async () => {
    const opaque = await analyse("packshot", await packshot("#d22222"));
    expect(values(opaque.result, "people")).toEqual(["product only"]);
    expect(opaque.result.tags.find((t) => t.value === "product only")?.confidence).toBeGreaterThan(0.6);
    const image = await packshot("#2b5fa8", null);
    expect(image.channels).toBe(4);
    const transparent = await analyse("packshot rgba", image);
    expect(values(transparent.result, "people")).toEqual(["product only"]);
  });

  it("rejects pixels that do not match the stated size", async () => {
    await expect(pool.detect({ data: new Uint8Array(10), width: 4, height: 4, channels: 3 })).rejects.toThrow(/expected 4×4×3/);
  });
});
