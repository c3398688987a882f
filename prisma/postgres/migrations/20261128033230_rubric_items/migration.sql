-- CreateTable
CREATE TABLE "RubricItem" (
    "id" TEXT NOT NULL,
    "assignmentId" TEXT NOT NULL,
    "problemId" TEXT NOT NULL,
    "partId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "points" DOUBLE PRECISION NOT NULL,
    "position" INTEGER NOT NULL,
    "byId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RubricItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RubricApplication" (
    "id" TEXT NOT NULL,
    "rubricItemId" TEXT NOT NULL,
    "submissionId" TEXT NOT NULL,
    "byId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RubricApplication_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RubricItem_assignmentId_problemId_partId_position_idx" ON "RubricItem"("assignmentId", "problemId", "partId", "position");

-- CreateIndex
CREATE INDEX "RubricApplication_submissionId_idx" ON "RubricApplication"("submissionId");

-- CreateIndex
CREATE UNIQUE INDEX "RubricApplication_rubricItemId_submissionId_key" ON "RubricApplication"("rubricItemId", "submissionId");

-- AddForeignKey
ALTER TABLE "RubricItem" ADD CONSTRAINT "RubricItem_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RubricItem" ADD CONSTRAINT "RubricItem_byId_fkey" FOREIGN KEY ("byId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RubricApplication" ADD CONSTRAINT "RubricApplication_rubricItemId_fkey" FOREIGN KEY ("rubricItemId") REFERENCES "RubricItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RubricApplication" ADD CONSTRAINT "RubricApplication_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RubricApplication" ADD CONSTRAINT "RubricApplication_byId_fkey" FOREIGN KEY ("byId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

