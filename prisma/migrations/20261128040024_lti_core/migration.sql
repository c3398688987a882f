-- CreateTable
CREATE TABLE "LtiPlatform" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "issuer" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "deploymentIds" JSONB NOT NULL,
    "authUrl" TEXT NOT NULL,
    "tokenUrl" TEXT NOT NULL,
    "jwksUrl" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "LtiKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kid" TEXT NOT NULL,
    "publicJwk" JSONB NOT NULL,
    "privateKey" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" DATETIME
);

-- CreateTable
CREATE TABLE "LtiNonce" (
    "nonce" TEXT NOT NULL,
    "platformId" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("platformId", "nonce"),
    CONSTRAINT "LtiNonce_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "LtiPlatform" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LtiLaunchState" (
    "state" TEXT NOT NULL PRIMARY KEY,
    "nonce" TEXT NOT NULL,
    "platformId" TEXT NOT NULL,
    "targetLinkUri" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LtiLaunchState_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "LtiPlatform" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LtiUserLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "issuer" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LtiUserLink_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LtiContext" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "platformId" TEXT NOT NULL,
    "contextId" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LtiContext_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "LtiPlatform" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "LtiContext_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LtiResourceLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "contextId" TEXT NOT NULL,
    "resourceLinkId" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "assignmentId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LtiResourceLink_contextId_fkey" FOREIGN KEY ("contextId") REFERENCES "LtiContext" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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

