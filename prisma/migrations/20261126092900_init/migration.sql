-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "role" AS ENUM ('reviewer', 'senior_reviewer', 'supervisor', 'admin');

-- CreateEnum
CREATE TYPE "run_status" AS ENUM ('queued', 'running', 'waiting_for_review', 'completed', 'failed');

-- CreateEnum
CREATE TYPE "step_status" AS ENUM ('completed', 'failed');

-- CreateEnum
CREATE TYPE "review_priority" AS ENUM ('urgent', 'high', 'normal', 'low');

-- CreateEnum
CREATE TYPE "review_tier" AS ENUM ('standard', 'senior', 'supervisor');

-- CreateEnum
CREATE TYPE "review_status" AS ENUM ('pending', 'claimed', 'decided');

-- CreateEnum
CREATE TYPE "review_stage" AS ENUM ('first_review', 'second_review', 'tie_break');

-- CreateEnum
CREATE TYPE "decision_action" AS ENUM ('approved', 'edited', 'rejected');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" "role" NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "scopes" TEXT[],
    "owner_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "runs" (
    "id" UUID NOT NULL,
    "workflow_name" TEXT NOT NULL,
    "workflow_version" INTEGER NOT NULL,
    "status" "run_status" NOT NULL DEFAULT 'queued',
    "input" JSONB NOT NULL,
    "output" JSONB,
    "error" TEXT,
    "current_step_id" TEXT,
    "api_token_id" UUID,
    "idempotency_key" TEXT,
    "request_hash" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "run_steps" (
    "id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "step_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" "step_status" NOT NULL,
    "output" JSONB,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "model" TEXT,
    "confidence" DOUBLE PRECISION,
    "input_length" INTEGER,
    "output_length" INTEGER,
    "latency_ms" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "run_steps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "review_items" (
    "id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "step_id" TEXT NOT NULL,
    "workflow_name" TEXT NOT NULL,
    "status" "review_status" NOT NULL DEFAULT 'pending',
    "stage" "review_stage" NOT NULL DEFAULT 'first_review',
    "required_approvals" INTEGER NOT NULL DEFAULT 1,
    "priority" "review_priority" NOT NULL,
    "tier" "review_tier" NOT NULL,
    "sensitive" BOOLEAN NOT NULL DEFAULT false,
    "confidence" DOUBLE PRECISION NOT NULL,
    "proposal" JSONB NOT NULL,
    "context" JSONB NOT NULL,
    "sla_minutes" INTEGER NOT NULL,
    "sla_due_at" TIMESTAMPTZ(3) NOT NULL,
    "at_risk_at" TIMESTAMPTZ(3) NOT NULL,
    "marked_at_risk_at" TIMESTAMPTZ(3),
    "breached_at" TIMESTAMPTZ(3),
    "escalation_level" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "assigned_to_id" UUID,
    "claimed_by_id" UUID,
    "claimed_at" TIMESTAMPTZ(3),
    "lease_expires_at" TIMESTAMPTZ(3),
    "decision" "decision_action",
    "final_output" JSONB,
    "decided_by_id" UUID,
    "decided_at" TIMESTAMPTZ(3),
    "resumed_at" TIMESTAMPTZ(3),

    CONSTRAINT "review_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "review_decisions" (
    "id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "reviewer_id" UUID NOT NULL,
    "action" "decision_action" NOT NULL,
    "stage" "review_stage" NOT NULL DEFAULT 'first_review',
    "edited_output" JSONB,
    "reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "review_decisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "review_events" (
    "id" BIGSERIAL NOT NULL,
    "item_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "actor_id" UUID,
    "data" JSONB,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "review_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "gate_settings" (
    "id" UUID NOT NULL,
    "workflow_name" TEXT NOT NULL,
    "step_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "auto_threshold" DOUBLE PRECISION NOT NULL,
    "review_threshold" DOUBLE PRECISION NOT NULL,
    "normal_sla_minutes" INTEGER NOT NULL,
    "low_sla_minutes" INTEGER NOT NULL,
    "sensitive_sla_minutes" INTEGER NOT NULL,
    "at_risk_share" DOUBLE PRECISION NOT NULL DEFAULT 0.25,
    "business_hours" JSONB,
    "note" TEXT,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "gate_settings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notifications" (
    "id" UUID NOT NULL,
    "recipient_id" UUID,
    "role" "role",
    "type" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "item_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "read_at" TIMESTAMPTZ(3),

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "runs_status_updated_at_idx" ON "runs"("status", "updated_at");

-- CreateIndex
CREATE INDEX "runs_workflow_name_created_at_idx" ON "runs"("workflow_name", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "runs_api_token_id_idempotency_key_key" ON "runs"("api_token_id", "idempotency_key");

-- CreateIndex
CREATE UNIQUE INDEX "run_steps_run_id_step_id_key" ON "run_steps"("run_id", "step_id");

-- CreateIndex
CREATE INDEX "review_items_decided_at_idx" ON "review_items"("decided_at");

-- CreateIndex
CREATE UNIQUE INDEX "review_items_run_id_step_id_key" ON "review_items"("run_id", "step_id");

-- CreateIndex
CREATE UNIQUE INDEX "review_decisions_item_id_reviewer_id_key" ON "review_decisions"("item_id", "reviewer_id");

-- CreateIndex
CREATE INDEX "review_events_item_id_at_idx" ON "review_events"("item_id", "at");

-- CreateIndex
CREATE UNIQUE INDEX "gate_settings_workflow_name_step_id_version_key" ON "gate_settings"("workflow_name", "step_id", "version");

-- CreateIndex
CREATE INDEX "notifications_recipient_id_created_at_idx" ON "notifications"("recipient_id", "created_at");

-- CreateIndex
CREATE INDEX "notifications_role_created_at_idx" ON "notifications"("role", "created_at");

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "runs" ADD CONSTRAINT "runs_api_token_id_fkey" FOREIGN KEY ("api_token_id") REFERENCES "api_tokens"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "run_steps" ADD CONSTRAINT "run_steps_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "review_items" ADD CONSTRAINT "review_items_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "review_items" ADD CONSTRAINT "review_items_assigned_to_id_fkey" FOREIGN KEY ("assigned_to_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "review_items" ADD CONSTRAINT "review_items_claimed_by_id_fkey" FOREIGN KEY ("claimed_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "review_items" ADD CONSTRAINT "review_items_decided_by_id_fkey" FOREIGN KEY ("decided_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "review_decisions" ADD CONSTRAINT "review_decisions_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "review_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "review_decisions" ADD CONSTRAINT "review_decisions_reviewer_id_fkey" FOREIGN KEY ("reviewer_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "review_events" ADD CONSTRAINT "review_events_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "review_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "review_events" ADD CONSTRAINT "review_events_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gate_settings" ADD CONSTRAINT "gate_settings_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_recipient_id_fkey" FOREIGN KEY ("recipient_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "review_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written partial indexes for the review queue's hot paths (Prisma's schema cannot express
-- them). Decided items, the vast majority over time, are in none of them.

-- "Next item": WHERE status = 'pending' ORDER BY priority, sla_due_at LIMIT 1 FOR UPDATE SKIP LOCKED.
CREATE INDEX "review_items_next_idx" ON "review_items" ("priority", "sla_due_at") WHERE "status" = 'pending';
-- "The item I hold" and lease expiry.
CREATE INDEX "review_items_held_idx" ON "review_items" ("claimed_by_id") WHERE "status" = 'claimed';
CREATE INDEX "review_items_lease_idx" ON "review_items" ("lease_expires_at") WHERE "status" = 'claimed';
-- SLA sweeps: items still open that are not yet breached / not yet marked at risk.
CREATE INDEX "review_items_breach_idx" ON "review_items" ("sla_due_at") WHERE "status" <> 'decided' AND "breached_at" IS NULL;
CREATE INDEX "review_items_risk_idx" ON "review_items" ("at_risk_at") WHERE "status" <> 'decided' AND "marked_at_risk_at" IS NULL;
-- Dashboard and reconciler: open items by age.
CREATE INDEX "review_items_open_created_idx" ON "review_items" ("created_at") WHERE "status" <> 'decided';
-- Reconciler: decided items whose run has not been resumed yet.
CREATE INDEX "review_items_unresumed_idx" ON "review_items" ("decided_at") WHERE "status" = 'decided' AND "resumed_at" IS NULL;
