import { describe, expect, it } from "vitest";
import { folderFiles } from "./FolderInput";

const file = (path: string) => {
  const f = new File(["x"], path.split("/").at(-1)!, { type: "image/jpeg" });
  Object.defineProperty(f, "webkitRelativePath", { value: path });
  return f;
};

describe("folderFiles", () => {
  it("keeps the folder's images and skips hidden files, hidden folders and OS junk", () => {
    const picked = ["Spring 2026/Amazon/main.jpg", "Spring 2026/.DS_Store", "Spring 2026/Amazon/._main.jpg", "Spring 2026/.git/x.jpg", "Spring 2026/Thumbs.db", "Spring 2026/desktop.ini", "Spring 2026/tiktok.png"].map(file);
    expect(folderFiles(picked).map((f) => f.webkitRelativePath)).toEqual(["Spring 2026/Amazon/main.jpg", "Spring 2026/tiktok.png"]);
  });
});
