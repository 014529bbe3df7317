-- Deleting an assignment hides it (from the class page and from its students) and closes it; its
-- attempts and their answers stay, so the students' mastery and readiness keep what they learned.
ALTER TABLE "Assignment" ADD COLUMN "deletedAt" TIMESTAMPTZ(3);
