-- A style per question (quick rounds or exam-style scenarios), and a reading time per quiz and
-- game question (null: from the question's length).
CREATE TYPE "QuestionStyle" AS ENUM ('quick', 'exam');
ALTER TABLE "Question" ADD COLUMN "style" "QuestionStyle" NOT NULL DEFAULT 'quick';
ALTER TABLE "QuizQuestion" ADD COLUMN "readingSec" INTEGER;
ALTER TABLE "GameQuestion" ADD COLUMN "readingSec" INTEGER;
