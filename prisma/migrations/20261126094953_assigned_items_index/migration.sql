-- "Items assigned to me": served by its own small partial index instead of a scan of the queue.
CREATE INDEX "review_items_assigned_idx" ON "review_items" ("assigned_to_id", "priority", "sla_due_at") WHERE "status" = 'pending' AND "assigned_to_id" IS NOT NULL;
