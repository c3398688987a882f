-- AlterTable
ALTER TABLE "LtiContext" ADD COLUMN     "membershipsUrl" TEXT;

-- AlterTable
ALTER TABLE "LtiResourceLink" ADD COLUMN     "agsScopes" JSONB,
ADD COLUMN     "lineItemUrl" TEXT,
ADD COLUMN     "lineItemsUrl" TEXT;

-- CreateTable
CREATE TABLE "LtiScoreOutbox" (
    "id" TEXT NOT NULL,
    "resourceLinkId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "scoreGiven" DOUBLE PRECISION NOT NULL,
    "scoreMaximum" DOUBLE PRECISION NOT NULL,
    "activityProgress" TEXT NOT NULL,
    "gradingProgress" TEXT NOT NULL,
    "scoredAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "deliveredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LtiScoreOutbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LtiScoreOutbox_status_nextAttemptAt_idx" ON "LtiScoreOutbox"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "LtiScoreOutbox_resourceLinkId_userId_status_idx" ON "LtiScoreOutbox"("resourceLinkId", "userId", "status");

-- CreateIndex
CREATE INDEX "LtiScoreOutbox_userId_idx" ON "LtiScoreOutbox"("userId");

-- AddForeignKey
ALTER TABLE "LtiScoreOutbox" ADD CONSTRAINT "LtiScoreOutbox_resourceLinkId_fkey" FOREIGN KEY ("resourceLinkId") REFERENCES "LtiResourceLink"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiScoreOutbox" ADD CONSTRAINT "LtiScoreOutbox_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

