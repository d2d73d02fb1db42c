-- The audit log is append-only (Governance §6): an event, once written, cannot be changed. Deleting stays
-- possible for shop/redact (the shop's rows are erased) and for retention beyond the kept window.
CREATE OR REPLACE FUNCTION "audit_event_append_only"() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'AuditEvent is append-only: audit events cannot be changed';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "AuditEvent_append_only" BEFORE UPDATE ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION "audit_event_append_only"();
