-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "gateEpoch" INTEGER NOT NULL DEFAULT 0;

-- The compliance gate's inputs (renditions.service.ts gate): a change to any of them bumps the shop's
-- epoch in the same transaction, so a verdict cached under the epoch a publish read is never older than
-- what that publish could see. Only changes that can alter a verdict count: approving a version, tags,
-- search text and analysis do not.
CREATE OR REPLACE FUNCTION bump_gate_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Shop" SET "gateEpoch" = "gateEpoch" + 1
  WHERE id = (CASE WHEN TG_OP = 'DELETE' THEN OLD."shopId" ELSE NEW."shopId" END);
  RETURN NULL;
END $$;

CREATE TRIGGER "ShopPreset_gate_epoch" AFTER INSERT OR UPDATE OR DELETE ON "ShopPreset"
  FOR EACH ROW EXECUTE FUNCTION bump_gate_epoch();
CREATE TRIGGER "RenditionFix_gate_epoch" AFTER INSERT OR UPDATE OR DELETE ON "RenditionFix"
  FOR EACH ROW EXECUTE FUNCTION bump_gate_epoch();
CREATE TRIGGER "Rendition_gate_epoch" AFTER INSERT OR UPDATE OR DELETE ON "Rendition"
  FOR EACH ROW EXECUTE FUNCTION bump_gate_epoch();
-- Linked channels decide which presets a shop sells on.
CREATE TRIGGER "ChannelAccount_gate_epoch" AFTER INSERT OR DELETE ON "ChannelAccount"
  FOR EACH ROW EXECUTE FUNCTION bump_gate_epoch();
CREATE TRIGGER "ChannelAccount_gate_epoch_status" AFTER UPDATE OF status, channel ON "ChannelAccount"
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.channel IS DISTINCT FROM NEW.channel)
  EXECUTE FUNCTION bump_gate_epoch();
-- The market text rules read an asset's title, description and markets; a non-image is refused.
CREATE TRIGGER "Asset_gate_epoch" AFTER UPDATE OF kind, title, description, markets ON "Asset"
  FOR EACH ROW WHEN (OLD.kind IS DISTINCT FROM NEW.kind OR OLD.title IS DISTINCT FROM NEW.title
    OR OLD.description IS DISTINCT FROM NEW.description OR OLD.markets IS DISTINCT FROM NEW.markets)
  EXECUTE FUNCTION bump_gate_epoch();
CREATE TRIGGER "Asset_gate_epoch_delete" AFTER DELETE ON "Asset"
  FOR EACH ROW EXECUTE FUNCTION bump_gate_epoch();
-- A version's rendition is built from its file once it is processed.
CREATE TRIGGER "AssetVersion_gate_epoch" AFTER UPDATE OF processing, mime, "blobId", number, "assetId" ON "AssetVersion"
  FOR EACH ROW WHEN (OLD.processing IS DISTINCT FROM NEW.processing OR OLD.mime IS DISTINCT FROM NEW.mime
    OR OLD."blobId" IS DISTINCT FROM NEW."blobId" OR OLD.number IS DISTINCT FROM NEW.number OR OLD."assetId" IS DISTINCT FROM NEW."assetId")
  EXECUTE FUNCTION bump_gate_epoch();
CREATE TRIGGER "AssetVersion_gate_epoch_delete" AFTER DELETE ON "AssetVersion"
  FOR EACH ROW EXECUTE FUNCTION bump_gate_epoch();
