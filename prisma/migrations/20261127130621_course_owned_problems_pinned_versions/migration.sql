-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN "archivedAt" DATETIME;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AssignmentProblem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "assignmentId" TEXT NOT NULL,
    "problemId" TEXT NOT NULL,
    "problemVersionId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "points" REAL NOT NULL,
    CONSTRAINT "AssignmentProblem_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AssignmentProblem_problemId_fkey" FOREIGN KEY ("problemId") REFERENCES "Problem" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "AssignmentProblem_problemVersionId_fkey" FOREIGN KEY ("problemVersionId") REFERENCES "ProblemVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
-- Every assignment is pinned to the version its students get today: the problem's latest.
INSERT INTO "new_AssignmentProblem" ("assignmentId", "id", "points", "position", "problemId", "problemVersionId")
SELECT ap."assignmentId", ap."id", ap."points", ap."position", ap."problemId",
       (SELECT v."id" FROM "ProblemVersion" v WHERE v."problemId" = ap."problemId" ORDER BY v."version" DESC LIMIT 1)
FROM "AssignmentProblem" ap;
DROP TABLE "AssignmentProblem";
ALTER TABLE "new_AssignmentProblem" RENAME TO "AssignmentProblem";
CREATE INDEX "AssignmentProblem_problemId_idx" ON "AssignmentProblem"("problemId");
CREATE INDEX "AssignmentProblem_problemVersionId_idx" ON "AssignmentProblem"("problemVersionId");
CREATE UNIQUE INDEX "AssignmentProblem_assignmentId_position_key" ON "AssignmentProblem"("assignmentId", "position");
CREATE UNIQUE INDEX "AssignmentProblem_assignmentId_problemId_key" ON "AssignmentProblem"("assignmentId", "problemId");
CREATE TABLE "new_Problem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "topic" TEXT NOT NULL DEFAULT '',
    "ownerCourseId" TEXT,
    "forkedFromVersionId" TEXT,
    "archivedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Problem_ownerCourseId_fkey" FOREIGN KEY ("ownerCourseId") REFERENCES "Course" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Problem_forkedFromVersionId_fkey" FOREIGN KEY ("forkedFromVersionId") REFERENCES "ProblemVersion" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
-- A problem created in the browser belongs to the course it was created in (its first audited save
-- made version 1 with nothing before). Problems imported by `problem import` / `npm start` have no
-- such entry and stay in the built-in bank (no owner).
INSERT INTO "new_Problem" ("createdAt", "id", "slug", "title", "topic", "updatedAt", "ownerCourseId")
SELECT p."createdAt", p."id", p."slug", p."title", p."topic", p."updatedAt",
       (SELECT a."courseId" FROM "AuditLog" a
         WHERE a."action" = 'problem.save' AND a."entityType" = 'Problem' AND a."entityId" = p."id"
           AND COALESCE(a."before", 'null') = 'null' AND a."courseId" IN (SELECT c."id" FROM "Course" c)
         ORDER BY a."createdAt" ASC LIMIT 1)
FROM "Problem" p;
DROP TABLE "Problem";
ALTER TABLE "new_Problem" RENAME TO "Problem";
CREATE UNIQUE INDEX "Problem_slug_key" ON "Problem"("slug");
CREATE INDEX "Problem_ownerCourseId_idx" ON "Problem"("ownerCourseId");
CREATE TABLE "new_ProblemVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "problemId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "content" JSONB NOT NULL,
    "source" TEXT NOT NULL DEFAULT '',
    "contentHash" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ProblemVersion_problemId_fkey" FOREIGN KEY ("problemId") REFERENCES "Problem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Each version's English title, from its content (a title is a string or { en, zh-CN }).
INSERT INTO "new_ProblemVersion" ("content", "contentHash", "createdAt", "id", "problemId", "source", "version", "title")
SELECT "content", "contentHash", "createdAt", "id", "problemId", "source", "version",
       COALESCE(json_extract("content", '$.title.en'), json_extract("content", '$.title'), '')
FROM "ProblemVersion";
DROP TABLE "ProblemVersion";
ALTER TABLE "new_ProblemVersion" RENAME TO "ProblemVersion";
CREATE INDEX "ProblemVersion_problemId_contentHash_idx" ON "ProblemVersion"("problemId", "contentHash");
CREATE UNIQUE INDEX "ProblemVersion_problemId_version_key" ON "ProblemVersion"("problemId", "version");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

