-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_LtiPlatform" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "issuer" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "deploymentIds" JSONB NOT NULL,
    "authUrl" TEXT NOT NULL,
    "tokenUrl" TEXT NOT NULL,
    "jwksUrl" TEXT NOT NULL,
    "lmsOrigins" JSONB NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_LtiPlatform" ("authUrl", "clientId", "createdAt", "deploymentIds", "id", "issuer", "jwksUrl", "tokenUrl") SELECT "authUrl", "clientId", "createdAt", "deploymentIds", "id", "issuer", "jwksUrl", "tokenUrl" FROM "LtiPlatform";
DROP TABLE "LtiPlatform";
ALTER TABLE "new_LtiPlatform" RENAME TO "LtiPlatform";
CREATE UNIQUE INDEX "LtiPlatform_issuer_clientId_key" ON "LtiPlatform"("issuer", "clientId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

