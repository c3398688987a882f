-- AlterTable
ALTER TABLE "LtiContext" ADD COLUMN "membershipsUrl" TEXT;

-- AlterTable
ALTER TABLE "LtiResourceLink" ADD COLUMN "agsScopes" JSONB;
ALTER TABLE "LtiResourceLink" ADD COLUMN "lineItemUrl" TEXT;
ALTER TABLE "LtiResourceLink" ADD COLUMN "lineItemsUrl" TEXT;

-- CreateTable
CREATE TABLE "LtiScoreOutbox" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "resourceLinkId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "scoreGiven" REAL NOT NULL,
    "scoreMaximum" REAL NOT NULL,
    "activityProgress" TEXT NOT NULL,
    "gradingProgress" TEXT NOT NULL,
    "scoredAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedUntil" DATETIME,
    "lastError" TEXT,
    "deliveredAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LtiScoreOutbox_resourceLinkId_fkey" FOREIGN KEY ("resourceLinkId") REFERENCES "LtiResourceLink" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "LtiScoreOutbox_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "LtiScoreOutbox_status_nextAttemptAt_idx" ON "LtiScoreOutbox"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "LtiScoreOutbox_resourceLinkId_userId_status_idx" ON "LtiScoreOutbox"("resourceLinkId", "userId", "status");

-- CreateIndex
CREATE INDEX "LtiScoreOutbox_userId_idx" ON "LtiScoreOutbox"("userId");

