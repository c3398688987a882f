-- CreateTable
CREATE TABLE "LtiHandoff" (
    "tokenHash" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LtiHandoff_pkey" PRIMARY KEY ("tokenHash")
);

-- CreateIndex
CREATE INDEX "LtiHandoff_expiresAt_idx" ON "LtiHandoff"("expiresAt");

