// The REST shape of a share link (the token itself is never stored, so never shown again).
export const presentShare = (r: {
  id: string;
  name: string;
  assetIds: string[];
  collectionId: string | null;
  previewOnly: boolean;
  passwordHash: string | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}) => ({
  id: r.id,
  name: r.name,
  assetIds: r.assetIds,
  collectionId: r.collectionId,
  previewOnly: r.previewOnly,
  password: Boolean(r.passwordHash),
  expiresAt: r.expiresAt?.toISOString() ?? null,
  revokedAt: r.revokedAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
});
