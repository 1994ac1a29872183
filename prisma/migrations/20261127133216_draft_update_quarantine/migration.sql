-- CreateTable
CREATE TABLE "DraftUpdateQuarantine" (
    "id" BIGINT NOT NULL,
    "draftId" TEXT NOT NULL,
    "data" BYTEA NOT NULL,
    "userId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "quarantinedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reason" TEXT NOT NULL,

    CONSTRAINT "DraftUpdateQuarantine_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DraftUpdateQuarantine_draftId_idx" ON "DraftUpdateQuarantine"("draftId");

-- AddForeignKey
ALTER TABLE "DraftUpdateQuarantine" ADD CONSTRAINT "DraftUpdateQuarantine_draftId_fkey" FOREIGN KEY ("draftId") REFERENCES "Draft"("id") ON DELETE CASCADE ON UPDATE CASCADE;
