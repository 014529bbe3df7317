-- Assignments and exam simulations: an instructor sets a class self-paced work (a saved quiz, a
-- blueprint or exam-mix draw, each student's weakest topics, or a 75-question exam simulation)
-- between an opening and a closing time; each student's attempt holds its drawn questions, its
-- position and its clock. Their answers go to the same "Answer" table as live games' answers,
-- marked with their source, so mastery and readiness count every source (or the ones asked for).

-- CreateEnum
CREATE TYPE "AnswerSource" AS ENUM ('live', 'assignment', 'simulation');

-- CreateEnum
CREATE TYPE "AssignmentSourceKind" AS ENUM ('quiz', 'blueprint', 'examMix', 'weakest', 'simulation');

-- CreateEnum
CREATE TYPE "FeedbackMode" AS ENUM ('each', 'end');

-- CreateEnum
CREATE TYPE "AttemptKind" AS ENUM ('practice', 'simulation');

-- CreateEnum
CREATE TYPE "AttemptEnd" AS ENUM ('submitted', 'timeUp', 'closed');

-- AlterTable
ALTER TABLE "Class" ADD COLUMN "selfSimulations" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "Assignment" (
    "id" UUID NOT NULL,
    "classId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "sourceKind" "AssignmentSourceKind" NOT NULL,
    "quizId" UUID,
    "sourceParams" JSONB NOT NULL,
    "questionIds" TEXT[],
    "questionCount" INTEGER NOT NULL,
    "memberIds" UUID[],
    "feedback" "FeedbackMode" NOT NULL,
    "questionTimeLimitSec" INTEGER,
    "opensAt" TIMESTAMPTZ(3) NOT NULL,
    "closesAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Assignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Attempt" (
    "id" UUID NOT NULL,
    "kind" "AttemptKind" NOT NULL,
    "assignmentId" UUID,
    "classId" UUID NOT NULL,
    "memberId" UUID,
    "title" TEXT NOT NULL,
    "feedback" "FeedbackMode" NOT NULL,
    "questionTimeLimitSec" INTEGER,
    "questionCount" INTEGER NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deadlineAt" TIMESTAMPTZ(3),
    "endsAt" TIMESTAMPTZ(3),
    "position" INTEGER NOT NULL DEFAULT 0,
    "submittedAt" TIMESTAMPTZ(3),
    "endedBy" "AttemptEnd",
    "correct" INTEGER,

    CONSTRAINT "Attempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AttemptItem" (
    "attemptId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "questionId" TEXT NOT NULL,
    "flagged" BOOLEAN NOT NULL DEFAULT false,
    "shownAt" TIMESTAMPTZ(3),

    CONSTRAINT "AttemptItem_pkey" PRIMARY KEY ("attemptId","position")
);

-- An attempt's answers have no game and no seat: the answer names its attempt instead.
-- AlterTable
ALTER TABLE "Answer" ADD COLUMN "source" "AnswerSource" NOT NULL DEFAULT 'live',
ADD COLUMN "attemptId" UUID,
ALTER COLUMN "gameId" DROP NOT NULL,
ALTER COLUMN "playerId" DROP NOT NULL;

-- A live answer belongs to a game and a seat, any other to an attempt, never both.
ALTER TABLE "Answer" ADD CONSTRAINT "Answer_source_owner_check" CHECK (
    CASE WHEN "source" = 'live'
         THEN "gameId" IS NOT NULL AND "playerId" IS NOT NULL AND "attemptId" IS NULL
         ELSE "attemptId" IS NOT NULL AND "gameId" IS NULL AND "playerId" IS NULL
    END
);

-- CreateIndex
CREATE UNIQUE INDEX "Answer_attemptId_questionId_key" ON "Answer"("attemptId", "questionId");

-- CreateIndex
CREATE INDEX "Assignment_classId_createdAt_idx" ON "Assignment"("classId", "createdAt");

-- CreateIndex
CREATE INDEX "Assignment_quizId_idx" ON "Assignment"("quizId");

-- CreateIndex
CREATE UNIQUE INDEX "Attempt_assignmentId_memberId_key" ON "Attempt"("assignmentId", "memberId");

-- CreateIndex
CREATE INDEX "Attempt_memberId_startedAt_idx" ON "Attempt"("memberId", "startedAt");

-- CreateIndex
CREATE INDEX "Attempt_classId_startedAt_idx" ON "Attempt"("classId", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "AttemptItem_attemptId_questionId_key" ON "AttemptItem"("attemptId", "questionId");

-- CreateIndex
CREATE INDEX "AttemptItem_questionId_idx" ON "AttemptItem"("questionId");

-- AddForeignKey
ALTER TABLE "Answer" ADD CONSTRAINT "Answer_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "Attempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_classId_fkey" FOREIGN KEY ("classId") REFERENCES "Class"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_quizId_fkey" FOREIGN KEY ("quizId") REFERENCES "Quiz"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attempt" ADD CONSTRAINT "Attempt_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attempt" ADD CONSTRAINT "Attempt_classId_fkey" FOREIGN KEY ("classId") REFERENCES "Class"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attempt" ADD CONSTRAINT "Attempt_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "ClassMember"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttemptItem" ADD CONSTRAINT "AttemptItem_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "Attempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttemptItem" ADD CONSTRAINT "AttemptItem_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "Question"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
