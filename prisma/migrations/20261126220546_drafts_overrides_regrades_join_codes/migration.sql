-- AlterTable
ALTER TABLE "Course" ADD COLUMN "joinCode" TEXT;

-- CreateTable
CREATE TABLE "Draft" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "assignmentId" TEXT NOT NULL,
    "problemId" TEXT NOT NULL,
    "answers" JSONB NOT NULL,
    "variantSeed" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Draft_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Draft_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScoreOverride" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "submissionId" TEXT NOT NULL,
    "partId" TEXT NOT NULL,
    "score" REAL NOT NULL,
    "comment" TEXT NOT NULL,
    "byId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ScoreOverride_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ScoreOverride_byId_fkey" FOREIGN KEY ("byId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RegradeRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "submissionId" TEXT NOT NULL,
    "partId" TEXT NOT NULL,
    "studentId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "response" TEXT,
    "responderId" TEXT,
    "newScore" REAL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" DATETIME,
    CONSTRAINT "RegradeRequest_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RegradeRequest_studentId_fkey" FOREIGN KEY ("studentId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RegradeRequest_responderId_fkey" FOREIGN KEY ("responderId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Assignment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "courseId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "opensAt" DATETIME NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "maxAttempts" INTEGER,
    "latePolicy" TEXT NOT NULL DEFAULT 'REFUSE',
    "latePenaltyPercent" INTEGER NOT NULL DEFAULT 0,
    "lateUntil" DATETIME,
    "releasePolicy" TEXT NOT NULL DEFAULT 'AFTER_DUE',
    "scoreRule" TEXT NOT NULL DEFAULT 'BEST',
    "practice" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Assignment_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Assignment" ("courseId", "createdAt", "description", "dueAt", "id", "latePenaltyPercent", "latePolicy", "lateUntil", "maxAttempts", "opensAt", "releasePolicy", "scoreRule", "title", "updatedAt") SELECT "courseId", "createdAt", "description", "dueAt", "id", "latePenaltyPercent", "latePolicy", "lateUntil", "maxAttempts", "opensAt", "releasePolicy", "scoreRule", "title", "updatedAt" FROM "Assignment";
DROP TABLE "Assignment";
ALTER TABLE "new_Assignment" RENAME TO "Assignment";
CREATE INDEX "Assignment_courseId_dueAt_idx" ON "Assignment"("courseId", "dueAt");
CREATE TABLE "new_Submission" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "assignmentId" TEXT NOT NULL,
    "problemId" TEXT NOT NULL,
    "problemVersionId" TEXT NOT NULL,
    "variantSeed" TEXT NOT NULL,
    "answers" JSONB NOT NULL,
    "results" JSONB NOT NULL,
    "autoScore" REAL NOT NULL,
    "latePenalty" REAL NOT NULL DEFAULT 0,
    "score" REAL NOT NULL,
    "attempt" INTEGER NOT NULL,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Submission_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Submission_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Submission_problemVersionId_fkey" FOREIGN KEY ("problemVersionId") REFERENCES "ProblemVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
-- Submissions made before autoScore existed had no overrides or penalties: their score was the grader's.
INSERT INTO "new_Submission" ("answers", "assignmentId", "attempt", "createdAt", "id", "late", "problemId", "problemVersionId", "results", "score", "userId", "variantSeed", "autoScore") SELECT "answers", "assignmentId", "attempt", "createdAt", "id", "late", "problemId", "problemVersionId", "results", "score", "userId", "variantSeed", "score" FROM "Submission";
DROP TABLE "Submission";
ALTER TABLE "new_Submission" RENAME TO "Submission";
CREATE INDEX "Submission_assignmentId_problemId_createdAt_idx" ON "Submission"("assignmentId", "problemId", "createdAt");
CREATE INDEX "Submission_problemVersionId_idx" ON "Submission"("problemVersionId");
CREATE UNIQUE INDEX "Submission_userId_assignmentId_problemId_attempt_key" ON "Submission"("userId", "assignmentId", "problemId", "attempt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Draft_userId_assignmentId_problemId_key" ON "Draft"("userId", "assignmentId", "problemId");

-- CreateIndex
CREATE INDEX "ScoreOverride_submissionId_partId_createdAt_idx" ON "ScoreOverride"("submissionId", "partId", "createdAt");

-- CreateIndex
CREATE INDEX "RegradeRequest_submissionId_createdAt_idx" ON "RegradeRequest"("submissionId", "createdAt");

-- CreateIndex
CREATE INDEX "RegradeRequest_status_createdAt_idx" ON "RegradeRequest"("status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Course_joinCode_key" ON "Course"("joinCode");

