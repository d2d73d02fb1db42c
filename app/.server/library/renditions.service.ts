import type { Prisma } from "../db/database";
import { findRenditionByMediaAddress } from "./versions.repository";

/** The rendition served at /media/<mediaKey>/<sha256>.<ext>, if the shop is installed. */
export const findRendition = (prisma: Prisma, mediaKey: string, sha256: string) => findRenditionByMediaAddress(prisma, mediaKey, sha256);
