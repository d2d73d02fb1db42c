import { describe, expect, it } from "vitest";
import { cleanFilename, titleFromFilename } from "./ingest.service";

describe("upload names", () => {
  it("keeps only the base name, without control characters", () => {
    expect(cleanFilename("../../etc/passwd")).toBe("passwd");
    expect(cleanFilename("C:\\Users\\me\\final_v3_new.jpg")).toBe("final_v3_new.jpg");
    expect(cleanFilename("a\u0000b.png")).toBe("ab.png");
    expect(cleanFilename("")).toBe("upload");
  });
  it("makes a readable title", () => {
    expect(titleFromFilename("sneaker-navy_main.jpg")).toBe("Sneaker navy main");
    expect(titleFromFilename("春季新品-主图.png")).toBe("春季新品 主图");
    expect(titleFromFilename(".jpg")).toBe("Untitled");
  });
});
