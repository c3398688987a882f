-- CreateIndex
CREATE INDEX "AuditLog_courseId_action_createdAt_idx" ON "AuditLog"("courseId", "action", "createdAt");

