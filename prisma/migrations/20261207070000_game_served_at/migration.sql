-- When a node last served the game's room: a room back after a crash resumes its question with
-- the time that was left then.
ALTER TABLE "Game" ADD COLUMN "servedAt" TIMESTAMPTZ(3);
