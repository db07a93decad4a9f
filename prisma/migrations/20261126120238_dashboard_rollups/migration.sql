-- CreateTable
CREATE TABLE "dashboard_rollups" (
    "grain_hours" SMALLINT NOT NULL,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "workflow_name" TEXT NOT NULL,
    "decided" INTEGER NOT NULL,
    "decided_within_sla" INTEGER NOT NULL,
    "wait_buckets" INTEGER[],
    "wait_counts" INTEGER[],
    "handling_buckets" INTEGER[],
    "handling_counts" INTEGER[],
    "completed" INTEGER NOT NULL,
    "failed" INTEGER NOT NULL,
    "latency_count" INTEGER NOT NULL,
    "latency_sum_ms" BIGINT NOT NULL,
    "latency_buckets" INTEGER[],
    "latency_counts" INTEGER[],
    "submitted" INTEGER NOT NULL,
    "escalated" INTEGER NOT NULL,

    CONSTRAINT "dashboard_rollups_pkey" PRIMARY KEY ("grain_hours","period_start","workflow_name")
);

-- CreateTable
CREATE TABLE "dashboard_reviewer_rollups" (
    "grain_hours" SMALLINT NOT NULL,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "workflow_name" TEXT NOT NULL,
    "reviewer_id" UUID NOT NULL,
    "approved" INTEGER NOT NULL,
    "edited" INTEGER NOT NULL,
    "rejected" INTEGER NOT NULL,
    "handling_buckets" INTEGER[],
    "handling_counts" INTEGER[],

    CONSTRAINT "dashboard_reviewer_rollups_pkey" PRIMARY KEY ("grain_hours","period_start","workflow_name","reviewer_id")
);

-- CreateTable
CREATE TABLE "dashboard_rollup_state" (
    "id" TEXT NOT NULL,
    "rolled_from" TIMESTAMPTZ(3) NOT NULL,
    "rolled_to" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dashboard_rollup_state_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "review_decisions_created_at_idx" ON "review_decisions"("created_at");

-- Hand-written indexes for the dashboard's facts over a time range (lib/dashboard/window-facts.ts),
-- which Prisma's schema cannot express. Ranges are read with an upper bound as well as a lower one,
-- so that an hour costs what an hour holds. (No semicolons in these comments: the migration runner
-- splits the script at them.)
-- Runs by the moment they finished: completed_at, else updated_at for failed runs. Finished runs only.
CREATE INDEX "runs_finished_at_idx" ON "runs" ((COALESCE("completed_at", "updated_at"))) WHERE "status" IN ('completed', 'failed');
-- Review items that escalated a run (audit samples never do), by creation time.
CREATE INDEX "review_items_escalation_created_idx" ON "review_items" ("created_at") WHERE NOT "is_audit";
-- The same items by run: "is this the run's first review item" read from the index alone.
CREATE INDEX "review_items_escalation_run_idx" ON "review_items" ("run_id", "created_at", "id") WHERE NOT "is_audit";
