-- CreateEnum
CREATE TYPE "DraftKind" AS ENUM ('SPEECH', 'WORK_REPORT', 'RESEARCH_REPORT', 'PROPOSAL', 'MINUTES', 'OTHER');

-- CreateEnum
CREATE TYPE "DraftStatus" AS ENUM ('DRAFTING', 'IN_REVIEW', 'FINAL');

-- CreateEnum
CREATE TYPE "DraftRole" AS ENUM ('OWNER', 'EDITOR', 'COMMENTER', 'VIEWER');

-- CreateTable
CREATE TABLE "Draft" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "kind" "DraftKind" NOT NULL DEFAULT 'OTHER',
    "status" "DraftStatus" NOT NULL DEFAULT 'DRAFTING',
    "committeeId" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "meetingDate" DATE,
    "deadline" TIMESTAMPTZ(3),
    "textLength" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Draft_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DraftMember" (
    "id" TEXT NOT NULL,
    "draftId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" "DraftRole" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DraftMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DraftUpdate" (
    "id" BIGSERIAL NOT NULL,
    "draftId" TEXT NOT NULL,
    "data" BYTEA NOT NULL,
    "userId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DraftUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DraftSnapshot" (
    "draftId" TEXT NOT NULL,
    "state" BYTEA NOT NULL,
    "lastUpdateId" BIGINT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DraftSnapshot_pkey" PRIMARY KEY ("draftId")
);

-- CreateTable
CREATE TABLE "DraftSection" (
    "draftId" TEXT NOT NULL,
    "sid" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    "parentSid" TEXT,
    "textLength" INTEGER NOT NULL,
    "contentHash" TEXT NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "DraftSection_pkey" PRIMARY KEY ("draftId","sid")
);

-- CreateIndex
CREATE INDEX "Draft_committeeId_status_idx" ON "Draft"("committeeId", "status");

-- CreateIndex
CREATE INDEX "Draft_ownerId_idx" ON "Draft"("ownerId");

-- CreateIndex
CREATE INDEX "DraftMember_userId_idx" ON "DraftMember"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "DraftMember_draftId_userId_key" ON "DraftMember"("draftId", "userId");

-- CreateIndex
CREATE INDEX "DraftUpdate_draftId_id_idx" ON "DraftUpdate"("draftId", "id");

-- CreateIndex
CREATE INDEX "DraftSection_draftId_position_idx" ON "DraftSection"("draftId", "position");

-- AddForeignKey
ALTER TABLE "Draft" ADD CONSTRAINT "Draft_committeeId_fkey" FOREIGN KEY ("committeeId") REFERENCES "Committee"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Draft" ADD CONSTRAINT "Draft_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DraftMember" ADD CONSTRAINT "DraftMember_draftId_fkey" FOREIGN KEY ("draftId") REFERENCES "Draft"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DraftMember" ADD CONSTRAINT "DraftMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DraftUpdate" ADD CONSTRAINT "DraftUpdate_draftId_fkey" FOREIGN KEY ("draftId") REFERENCES "Draft"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DraftSnapshot" ADD CONSTRAINT "DraftSnapshot_draftId_fkey" FOREIGN KEY ("draftId") REFERENCES "Draft"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DraftSection" ADD CONSTRAINT "DraftSection_draftId_fkey" FOREIGN KEY ("draftId") REFERENCES "Draft"("id") ON DELETE CASCADE ON UPDATE CASCADE;
