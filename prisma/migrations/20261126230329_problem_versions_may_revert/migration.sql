-- DropIndex
DROP INDEX "ProblemVersion_problemId_contentHash_key";

-- CreateIndex
CREATE INDEX "ProblemVersion_problemId_contentHash_idx" ON "ProblemVersion"("problemId", "contentHash");

