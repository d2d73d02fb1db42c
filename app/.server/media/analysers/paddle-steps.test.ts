import { describe, expect, it } from "vitest";
import { decodeCtc, detectorSize, groupIntoLines, textMask, toPlanarBgr, type RecognisedBox } from "./paddle-steps";

const quad = (x0: number, y0: number, x1: number, y1: number) => [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];

describe("PaddleOCR steps", () => {
  it("rounds the detector input up to multiples of 32", () => {
    expect(detectorSize(512, 341)).toEqual({ width: 512, height: 352 });
    expect(detectorSize(500, 500)).toEqual({ width: 512, height: 512 });
    expect(detectorSize(10, 1)).toEqual({ width: 32, height: 32 });
  });

  it("lays RGBA pixels out as planar B, G, R in 0..1", () => {
    const rgba = new Uint8Array([255, 0, 51, 255, 0, 102, 0, 7]);
    const out = toPlanarBgr(rgba, 2, 1);
    expect(Array.from(out, (v) => Math.round(v * 255))).toEqual([51, 0, 0, 102, 255, 0]);
  });

  it("thresholds the probability map into an opaque black-and-white mask", () => {
    expect(Array.from(textMask(new Float32Array([0.01, 0.5])))).toEqual([0, 0, 0, 255, 255, 255, 255, 255]);
  });

  it("decodes CTC: best class per step, blanks and repeats dropped, mean of the kept characters", () => {
    const dictionary = ["a", "b"];
    // steps × classes (blank, a, b): a a blank a b
    const p = new Float32Array([0.1, 0.8, 0.1, 0.2, 0.7, 0.1, 0.9, 0.05, 0.05, 0.1, 0.6, 0.3, 0.1, 0.1, 0.8]);
    const r = decodeCtc(p, 5, 3, dictionary);
    expect(r.text).toBe("aab");
    expect(r.mean).toBeCloseTo((0.8 + 0.6 + 0.8) / 3, 6);
    expect(decodeCtc(new Float32Array([1, 0, 0]), 1, 3, dictionary)).toEqual({ text: "", mean: 0 });
  });

  it("groups boxes into lines: confident boxes only, left to right, lines top to bottom", () => {
    const boxes: RecognisedBox[] = [
      { text: "SALE", mean: 0.9, box: quad(200, 100, 300, 140) },
      { text: "50%", mean: 0.8, box: quad(30, 200, 120, 240) },
      { text: "SPRING", mean: 1, box: quad(30, 102, 180, 138) },
      { text: "~~", mean: 0.4, box: quad(30, 300, 60, 320) },
    ];
    const lines = groupIntoLines(boxes);
    expect(lines.map((l) => l.text)).toEqual(["SPRING SALE", "50%"]);
    expect(lines[0]!.mean).toBeCloseTo(0.95, 6);
    expect(lines[0]!.box).toEqual([[30, 102], [300, 100], [300, 140], [30, 138]]);
    expect(groupIntoLines([{ text: "x", mean: 0.2, box: quad(0, 0, 1, 1) }])).toEqual([]);
  });
});
