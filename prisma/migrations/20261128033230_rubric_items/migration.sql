-- CreateTable
CREATE TABLE "RubricItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "assignmentId" TEXT NOT NULL,
    "problemId" TEXT NOT NULL,
    "partId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "points" REAL NOT NULL,
    "position" INTEGER NOT NULL,
    "byId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "RubricItem_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RubricItem_byId_fkey" FOREIGN KEY ("byId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RubricApplication" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "rubricItemId" TEXT NOT NULL,
    "submissionId" TEXT NOT NULL,
    "byId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RubricApplication_rubricItemId_fkey" FOREIGN KEY ("rubricItemId") REFERENCES "RubricItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RubricApplication_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RubricApplication_byId_fkey" FOREIGN KEY ("byId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "RubricItem_assignmentId_problemId_partId_position_idx" ON "RubricItem"("assignmentId", "problemId", "partId", "position");

-- CreateIndex
CREATE INDEX "RubricApplication_submissionId_idx" ON "RubricApplication"("submissionId");

-- CreateIndex
CREATE UNIQUE INDEX "RubricApplication_rubricItemId_submissionId_key" ON "RubricApplication"("rubricItemId", "submissionId");

