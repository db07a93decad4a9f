-- The supervisor's "open items at risk or past SLA" list: pending items in deadline order.
CREATE INDEX "review_items_pending_deadline_idx" ON "review_items" ("sla_due_at") WHERE "status" = 'pending';
