// The Channel contract suite (issue #4 §8): the same behaviour asked of the in-memory fake and of every
// connector on its sandbox. A subject provides the channel and the knobs of the channel's side.
import { createHash } from "node:crypto";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { ChannelError, type Channel, type ChannelImage, type ListingRef, type PublishedImage, type SlotId } from "../../connectors/channel";

export interface ContractSubject {
  channel: Channel;
  /** A fresh listing holding one image the app does not manage. */
  newListing(): Promise<ListingRef>;
  deleteListing(ref: ListingRef): Promise<void>;
  /** The channel's next call answers "too many requests, retry after …". */
  /**
   * The channel's next call answers "too many requests, retry after …". Resolves to the least wait the
   * channel will name when it derives it itself (Shopify: from the cost report), else the wait asked.
   */
  throttleNextCall(retryAfterMs: number): Promise<number | void>;
  /** The current access token stops working (a refresh gives a new one). */
  expireToken(): Promise<void>;
  tokenRefreshes(): number;
  /** Where a managed image's bytes can be fetched by the channel (Amazon pulls by URL). */
  urlFor(sha256: string): string;
  /** Serves these bytes at urlFor(sha256) when the channel fetches by URL. */
  host?(sha256: string, bytes: Buffer): void;
  /** A gallery the channel refuses, and what its message says. */
  invalid(): { images: ChannelImage[]; message: RegExp };
  /** Does replacing an image's content keep its channel id (Shopify: yes; Amazon, TikTok: no)? */
  replaceKeepsIdentity: boolean;
  /** How many times the channel was asked for a listing's gallery so far (its request log). */
  galleryReads?(): number;
  /** Lets asynchronous processing finish (sandbox clocks), then reads. */
  settle?(ref: ListingRef): Promise<void>;
  close(): Promise<void>;
}

export async function managedImage(subject: Pick<ContractSubject, "urlFor" | "host">, slot: SlotId, seed: number): Promise<ChannelImage> {
  const bytes = await sharp({ create: { width: 1000, height: 1000, channels: 3, background: { r: 255, g: 255, b: 255 } } })
    .composite([{ input: { create: { width: 600, height: 600, channels: 3, background: { r: (seed * 67) % 256, g: (seed * 131) % 256, b: (seed * 29) % 256 } } }, gravity: "centre" }])
    .jpeg({ quality: 90 })
    .toBuffer();
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  subject.host?.(sha256, bytes);
  return {
    kind: "managed",
    slot,
    sourceKey: sha256,
    url: subject.urlFor(sha256),
    mime: "image/jpeg",
    width: 1000,
    height: 1000,
    open: async () => new Blob([bytes]).stream(),
  };
}

const external = (p: PublishedImage, slot: SlotId): ChannelImage => ({ kind: "external", slot, externalRef: p.externalRef });

export function channelContract(name: string, makeSubject: () => Promise<ContractSubject>) {
  describe(`Channel contract: ${name}`, () => {
    const withSubject = (fn: (s: ContractSubject) => Promise<void>) => async () => {
      const s = await makeSubject();
      try {
        await fn(s);
      } finally {
        await s.close();
      }
    };
    const read = async (s: ContractSubject, ref: ListingRef) => {
      await s.settle?.(ref);
      return (await s.channel.readImages(ref))!;
    };
    const noHooks = { onCreated: async () => {} };

    it(
      "setImages makes the gallery equal the desired list and is idempotent; images we do not manage stay",
      withSubject(async (s) => {
        const ref = await s.newListing();
        const [theirs] = await read(s, ref);
        const a = await managedImage(s, "main", 1);
        const b = await managedImage(s, "pos2", 2);
        const created: PublishedImage[] = [];
        const desired = [a, b, external(theirs!, "pos3")];
        await s.channel.setImages(ref, desired, { onCreated: async (p) => void created.push(p) });
        const first = await read(s, ref);
        expect(first.map((p) => p.sourceKey)).toEqual([(a as { sourceKey: string }).sourceKey, (b as { sourceKey: string }).sourceKey, null]);
        expect(first.map((p) => p.slot)).toEqual(["main", "pos2", "pos3"]);
        expect(first[2]!.externalRef).toBe(theirs!.externalRef);
        expect(created.map((p) => p.sourceKey).sort()).toEqual([(a as { sourceKey: string }).sourceKey, (b as { sourceKey: string }).sourceKey].sort());

        let again = 0;
        await s.channel.setImages(ref, desired, { onCreated: async () => void again++ });
        const second = await read(s, ref);
        expect(again).toBe(0); // nothing new was uploaded
        expect(second.map((p) => p.externalRef)).toEqual(first.map((p) => p.externalRef));
      }),
    );

    it(
      "reorders and removes",
      withSubject(async (s) => {
        const ref = await s.newListing();
        const [theirs] = await read(s, ref);
        const a = await managedImage(s, "main", 3);
        const b = await managedImage(s, "pos2", 4);
        await s.channel.setImages(ref, [a, b, external(theirs!, "pos3")], noHooks);
        const before = await read(s, ref);
        await s.channel.setImages(ref, [{ ...b, slot: "main" }, external(theirs!, "pos2"), { ...a, slot: "pos3" }], noHooks);
        const reordered = await read(s, ref);
        expect(reordered.map((p) => p.sourceKey)).toEqual([(b as { sourceKey: string }).sourceKey, null, (a as { sourceKey: string }).sourceKey]);
        expect(reordered.map((p) => p.externalRef).sort()).toEqual(before.map((p) => p.externalRef).sort()); // same images, new order
        await s.channel.setImages(ref, [{ ...b, slot: "main" }], noHooks);
        const removed = await read(s, ref);
        expect(removed.map((p) => p.sourceKey)).toEqual([(b as { sourceKey: string }).sourceKey]);
      }),
    );

    it(
      "replacing an image's content keeps its identity where the channel allows",
      withSubject(async (s) => {
        const ref = await s.newListing();
        const v1 = await managedImage(s, "main", 5);
        await s.channel.setImages(ref, [v1], noHooks);
        const [before] = await read(s, ref);
        const v2 = await managedImage(s, "main", 6);
        await s.channel.setImages(ref, [v2], noHooks);
        const [after] = await read(s, ref);
        expect(after!.sourceKey).toBe((v2 as { sourceKey: string }).sourceKey);
        if (s.replaceKeepsIdentity) expect(after!.externalRef).toBe(before!.externalRef);
        else expect(after!.externalRef).not.toBe(before!.externalRef);
        expect(after!.fingerprint).not.toBe(before!.fingerprint);
      }),
    );

    it(
      "throttling becomes a `throttled` error that says how long to wait",
      withSubject(async (s) => {
        const ref = await s.newListing();
        const least = (await s.throttleNextCall(1500)) ?? 1000;
        const e = await s.channel.readImages(ref).then(() => null, (x: unknown) => x);
        expect(e).toBeInstanceOf(ChannelError);
        expect((e as ChannelError).kind).toBe("throttled");
        expect((e as ChannelError).retryAfterMs).toBeGreaterThanOrEqual(least);
        expect(await s.channel.readImages(ref)).not.toBeNull(); // and then it works
      }),
    );

    it(
      "an expired token is refreshed once, and the call goes through",
      withSubject(async (s) => {
        const ref = await s.newListing();
        const before = s.tokenRefreshes();
        await s.expireToken();
        expect(await s.channel.readImages(ref)).not.toBeNull();
        expect(s.tokenRefreshes()).toBe(before + 1);
        expect(await s.channel.readImages(ref)).not.toBeNull();
        expect(s.tokenRefreshes()).toBe(before + 1);
      }),
    );

    it(
      "validation errors carry the channel's message",
      withSubject(async (s) => {
        const ref = await s.newListing();
        const bad = s.invalid();
        const e = await s.channel.setImages(ref, bad.images, noHooks).then(() => null, (x: unknown) => x);
        expect(e).toBeInstanceOf(ChannelError);
        expect((e as ChannelError).kind).toBe("validation");
        expect((e as ChannelError).message).toMatch(bad.message);
      }),
    );

    it(
      "a deleted listing reads as null, and writing to it is not_found",
      withSubject(async (s) => {
        const ref = await s.newListing();
        await s.deleteListing(ref);
        expect(await s.channel.readImages(ref)).toBeNull();
        const e = await s.channel.setImages(ref, [await managedImage(s, "main", 7)], noHooks).then(() => null, (x: unknown) => x);
        expect((e as ChannelError).kind).toBe("not_found");
      }),
    );

    it(
      "setImages built on the caller's own read gives the same gallery, and reads the listing once less",
      withSubject(async (s) => {
        const readsIn = async (fn: () => Promise<unknown>) => {
          const before = s.galleryReads?.() ?? 0;
          await fn();
          return (s.galleryReads?.() ?? 0) - before;
        };
        const results: Array<Array<string | null>> = [];
        const reads: number[] = [];
        for (const based of [false, true]) {
          const ref = await s.newListing();
          const shown = await read(s, ref);
          const a = await managedImage(s, "main", 11);
          const desired = [a, external(shown[0]!, "pos2")];
          reads.push(await readsIn(() => s.channel.setImages(ref, desired, based ? { ...noHooks, basedOn: shown } : noHooks)));
          results.push((await read(s, ref)).map((p) => p.sourceKey));
          // A read of another listing is not a read of this one: the connector checks what it was given.
          const other = await s.newListing();
          const otherShown = await read(s, other);
          await s.channel.setImages(other, [a, external(otherShown[0]!, "pos2")], { ...noHooks, basedOn: shown });
          expect((await read(s, other)).map((p) => p.sourceKey)).toEqual([(a as { sourceKey: string }).sourceKey, null]);
        }
        expect(results[1]).toEqual(results[0]);
        expect(results[1]![0]).toBe((await managedImage(s, "main", 11) as { sourceKey: string }).sourceKey);
        if (s.galleryReads) expect(reads[1]).toBe(reads[0]! - 1);
      }),
    );

    it("validate() is pure and flags an empty required slot", async () => {
      const s = await makeSubject();
      try {
        const problems = s.channel.validate([await managedImage(s, "pos2", 8)]);
        expect(problems.some((p) => p.rule === "required_slot" && p.slot === "main")).toBe(true);
      } finally {
        await s.close();
      }
    });
  });
}
