-- AlterTable
ALTER TABLE "LtiPlatform" ADD COLUMN     "lmsOrigins" JSONB NOT NULL DEFAULT '[]';

