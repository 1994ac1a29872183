-- CreateEnum
CREATE TYPE "SignoffGate" AS ENUM ('BLOCK', 'WARN');

-- CreateEnum
CREATE TYPE "SignoffRoundStatus" AS ENUM ('OPEN', 'APPROVED', 'RETURNED', 'SUPERSEDED', 'REOPENED');

-- CreateEnum
CREATE TYPE "SignoffDecision" AS ENUM ('APPROVE', 'RETURN');

-- AlterEnum
ALTER TYPE "NotificationType" ADD VALUE 'SIGNOFF_REQUEST';

-- AlterTable
ALTER TABLE "Draft" ADD COLUMN     "finalVersionId" TEXT;

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "roundId" TEXT;

-- CreateTable
CREATE TABLE "DraftVersion" (
    "id" TEXT NOT NULL,
    "draftId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "content" JSONB NOT NULL,
    "hash" TEXT NOT NULL,
    "sectionHashes" JSONB NOT NULL,
    "yState" BYTEA NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DraftVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SignoffRule" (
    "draftId" TEXT NOT NULL,
    "stages" JSONB NOT NULL,
    "gate" "SignoffGate" NOT NULL DEFAULT 'BLOCK',
    "updatedById" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SignoffRule_pkey" PRIMARY KEY ("draftId")
);

-- CreateTable
CREATE TABLE "SignoffRound" (
    "id" TEXT NOT NULL,
    "draftId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "status" "SignoffRoundStatus" NOT NULL DEFAULT 'OPEN',
    "requestedById" TEXT NOT NULL,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMPTZ(3),
    "stages" JSONB NOT NULL,

    CONSTRAINT "SignoffRound_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Signoff" (
    "id" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "stageIndex" INTEGER NOT NULL,
    "signerId" TEXT NOT NULL,
    "decision" "SignoffDecision" NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "hashSeen" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Signoff_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DraftVersion_hash_key" ON "DraftVersion"("hash");

-- CreateIndex
CREATE UNIQUE INDEX "DraftVersion_draftId_number_key" ON "DraftVersion"("draftId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "SignoffRound_versionId_key" ON "SignoffRound"("versionId");

-- CreateIndex
CREATE INDEX "SignoffRound_draftId_status_idx" ON "SignoffRound"("draftId", "status");

-- CreateIndex
CREATE INDEX "Signoff_roundId_idx" ON "Signoff"("roundId");

-- CreateIndex
CREATE INDEX "Signoff_signerId_idx" ON "Signoff"("signerId");

-- CreateIndex
CREATE UNIQUE INDEX "Signoff_versionId_signerId_key" ON "Signoff"("versionId", "signerId");

-- CreateIndex
CREATE UNIQUE INDEX "Draft_finalVersionId_key" ON "Draft"("finalVersionId");

-- AddForeignKey
ALTER TABLE "Draft" ADD CONSTRAINT "Draft_finalVersionId_fkey" FOREIGN KEY ("finalVersionId") REFERENCES "DraftVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "SignoffRound"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DraftVersion" ADD CONSTRAINT "DraftVersion_draftId_fkey" FOREIGN KEY ("draftId") REFERENCES "Draft"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DraftVersion" ADD CONSTRAINT "DraftVersion_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignoffRule" ADD CONSTRAINT "SignoffRule_draftId_fkey" FOREIGN KEY ("draftId") REFERENCES "Draft"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignoffRule" ADD CONSTRAINT "SignoffRule_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignoffRound" ADD CONSTRAINT "SignoffRound_draftId_fkey" FOREIGN KEY ("draftId") REFERENCES "Draft"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignoffRound" ADD CONSTRAINT "SignoffRound_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "DraftVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SignoffRound" ADD CONSTRAINT "SignoffRound_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Signoff" ADD CONSTRAINT "Signoff_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "SignoffRound"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Signoff" ADD CONSTRAINT "Signoff_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "DraftVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Signoff" ADD CONSTRAINT "Signoff_signerId_fkey" FOREIGN KEY ("signerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written (Prisma's schema language has no partial indexes or triggers).
-- At most one OPEN sign-off round per draft: the services check it inside their transaction
-- under a lock on the draft row; this index is the backstop.
CREATE UNIQUE INDEX "SignoffRound_one_open_per_draft" ON "SignoffRound"("draftId") WHERE "status" = 'OPEN';

-- A frozen version and a recorded sign-off never change: a signature names exact content.
-- (Deleting a draft still removes its versions by cascade.)
CREATE FUNCTION "versions_signoff_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows cannot be changed', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER "DraftVersion_immutable" BEFORE UPDATE ON "DraftVersion"
  FOR EACH ROW EXECUTE FUNCTION "versions_signoff_immutable"();
CREATE TRIGGER "Signoff_immutable" BEFORE UPDATE ON "Signoff"
  FOR EACH ROW EXECUTE FUNCTION "versions_signoff_immutable"();

-- A FINAL draft takes no more Yjs updates, even from a connection the collab server has not
-- flipped read-only yet. Finalizing and reopening take the exclusive advisory lock on
-- ('draft-final', draft) before changing the status; every insert takes it shared, then reads
-- the status with a fresh snapshot (a plpgsql statement in READ COMMITTED), so an insert either
-- commits before the status changes or sees FINAL and is refused. Advisory locks live in
-- memory: no row lock per keystroke.
CREATE FUNCTION "draft_update_refuse_final"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(hashtext('draft-final'), hashtext(NEW."draftId"));
  IF EXISTS (SELECT 1 FROM "Draft" WHERE "id" = NEW."draftId" AND "status" = 'FINAL') THEN
    RAISE EXCEPTION 'draft % is final: updates are refused', NEW."draftId" USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "DraftUpdate_not_final" BEFORE INSERT ON "DraftUpdate"
  FOR EACH ROW EXECUTE FUNCTION "draft_update_refuse_final"();
