-- AlterTable
ALTER TABLE "runs" ADD COLUMN     "callback_url" TEXT,
ADD COLUMN     "deadline_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "review_items" ADD COLUMN     "is_audit" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "review_decisions" ADD COLUMN     "reason_code" TEXT;

-- AlterTable
ALTER TABLE "gate_settings" ADD COLUMN     "audit_sample_rate" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "rolled_back_from" INTEGER;

-- CreateTable
CREATE TABLE "step_attempts" (
    "id" UUID NOT NULL,
    "run_id" UUID NOT NULL,
    "step_id" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "model" TEXT,
    "provider" TEXT,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "failover" BOOLEAN NOT NULL DEFAULT false,
    "input_length" INTEGER,
    "output_length" INTEGER,
    "latency_ms" INTEGER NOT NULL,
    "confidence" DOUBLE PRECISION,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "step_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "id" UUID NOT NULL,
    "run_id" UUID,
    "url" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "status_code" INTEGER,
    "error" TEXT,
    "duration_ms" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "step_attempts_run_id_started_at_idx" ON "step_attempts"("run_id", "started_at");

-- CreateIndex
CREATE INDEX "step_attempts_started_at_idx" ON "step_attempts"("started_at");

-- CreateIndex
CREATE INDEX "webhook_deliveries_run_id_created_at_idx" ON "webhook_deliveries"("run_id", "created_at");

-- CreateIndex
CREATE INDEX "webhook_deliveries_key_idx" ON "webhook_deliveries"("key");

-- AddForeignKey
ALTER TABLE "step_attempts" ADD CONSTRAINT "step_attempts_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
