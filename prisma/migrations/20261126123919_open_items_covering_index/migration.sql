-- The dashboard's queue snapshot and the metrics' queue gauges read every open item: with the
-- columns they need in the index, that is an index-only scan of the open items instead of a visit
-- to the heap page of each (with a backlog spread through a large table, nearly every page of it).
-- Same key and predicate as before, so every other use of the index is unchanged.
DROP INDEX "review_items_open_created_idx";
CREATE INDEX "review_items_open_created_idx" ON "review_items" ("created_at")
  INCLUDE ("workflow_name", "priority", "tier", "status", "stage", "sla_due_at", "at_risk_at", "escalation_level", "is_audit")
  WHERE "status" <> 'decided';
