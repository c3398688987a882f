-- CreateTable
CREATE TABLE "LtiPlatform" (
    "id" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "deploymentIds" JSONB NOT NULL,
    "authUrl" TEXT NOT NULL,
    "tokenUrl" TEXT NOT NULL,
    "jwksUrl" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LtiPlatform_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LtiKey" (
    "id" TEXT NOT NULL,
    "kid" TEXT NOT NULL,
    "publicJwk" JSONB NOT NULL,
    "privateKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" TIMESTAMP(3),

    CONSTRAINT "LtiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LtiNonce" (
    "nonce" TEXT NOT NULL,
    "platformId" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LtiNonce_pkey" PRIMARY KEY ("platformId","nonce")
);

-- CreateTable
CREATE TABLE "LtiLaunchState" (
    "state" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "platformId" TEXT NOT NULL,
    "targetLinkUri" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LtiLaunchState_pkey" PRIMARY KEY ("state")
);

-- CreateTable
CREATE TABLE "LtiUserLink" (
    "id" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LtiUserLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LtiContext" (
    "id" TEXT NOT NULL,
    "platformId" TEXT NOT NULL,
    "contextId" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LtiContext_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LtiResourceLink" (
    "id" TEXT NOT NULL,
    "contextId" TEXT NOT NULL,
    "resourceLinkId" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "assignmentId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LtiResourceLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LtiPlatform_issuer_clientId_key" ON "LtiPlatform"("issuer", "clientId");

-- CreateIndex
CREATE UNIQUE INDEX "LtiKey_kid_key" ON "LtiKey"("kid");

-- CreateIndex
CREATE INDEX "LtiKey_retiredAt_createdAt_idx" ON "LtiKey"("retiredAt", "createdAt");

-- CreateIndex
CREATE INDEX "LtiNonce_expiresAt_idx" ON "LtiNonce"("expiresAt");

-- CreateIndex
CREATE INDEX "LtiLaunchState_expiresAt_idx" ON "LtiLaunchState"("expiresAt");

-- CreateIndex
CREATE INDEX "LtiUserLink_userId_idx" ON "LtiUserLink"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "LtiUserLink_issuer_subject_key" ON "LtiUserLink"("issuer", "subject");

-- CreateIndex
CREATE INDEX "LtiContext_courseId_idx" ON "LtiContext"("courseId");

-- CreateIndex
CREATE UNIQUE INDEX "LtiContext_platformId_contextId_key" ON "LtiContext"("platformId", "contextId");

-- CreateIndex
CREATE UNIQUE INDEX "LtiResourceLink_contextId_resourceLinkId_key" ON "LtiResourceLink"("contextId", "resourceLinkId");

-- AddForeignKey
ALTER TABLE "LtiNonce" ADD CONSTRAINT "LtiNonce_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "LtiPlatform"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiLaunchState" ADD CONSTRAINT "LtiLaunchState_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "LtiPlatform"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiUserLink" ADD CONSTRAINT "LtiUserLink_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiContext" ADD CONSTRAINT "LtiContext_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "LtiPlatform"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiContext" ADD CONSTRAINT "LtiContext_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiResourceLink" ADD CONSTRAINT "LtiResourceLink_contextId_fkey" FOREIGN KEY ("contextId") REFERENCES "LtiContext"("id") ON DELETE CASCADE ON UPDATE CASCADE;

