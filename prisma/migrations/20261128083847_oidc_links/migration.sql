-- CreateTable
CREATE TABLE "OidcLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "issuer" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "email" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OidcLink_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "OidcLink_userId_idx" ON "OidcLink"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "OidcLink_issuer_subject_key" ON "OidcLink"("issuer", "subject");

