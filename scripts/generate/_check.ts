import { generateDemoImages } from "./demo-images.ts";
import sharp from "sharp";
for (const seed of [1, 2, 3, 99]) {
  const t = performance.now();
  const imgs = await generateDemoImages(`/tmp/demo-s${seed}`, { seed });
  const near = imgs.filter(i => i.nearDuplicateOf);
  const ds: string[] = [];
  for (const n of near) {
    const o = imgs.find(i => i.filename === n.nearDuplicateOf)!;
    const a = await sharp(n.path).flatten({background:"#fff"}).resize(16,16,{fit:"fill"}).greyscale().raw().toBuffer();
    const b = await sharp(o.path).flatten({background:"#fff"}).resize(16,16,{fit:"fill"}).greyscale().raw().toBuffer();
    let s = 0; for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
    ds.push((s / a.length).toFixed(1));
  }
  console.log(seed, ((performance.now()-t)/1000).toFixed(1)+"s", imgs.length, new Set(imgs.map(i=>i.filename)).size, "text", imgs.filter(i=>i.overlayText).length, "near", near.length, ds.join(","), "fmt", ["jpg","png","webp"].map(e=>imgs.filter(i=>i.filename.endsWith(e)).length).join("/"));
}
