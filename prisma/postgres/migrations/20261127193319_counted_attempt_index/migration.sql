-- CreateIndex
CREATE INDEX "Submission_assignmentId_userId_problemId_score_attempt_idx" ON "Submission"("assignmentId", "userId", "problemId", "score", "attempt");

