-- A player who left is out of play like one the host removed: the game's results leave both out,
-- and its detail says when each went out and up to which reveal they were ranked.
ALTER TABLE "Player" ADD COLUMN "leftAt" TIMESTAMPTZ(3);
ALTER TABLE "Player" ADD COLUMN "rankedThrough" INTEGER;

-- Players who left before: their nickname key was retired then. When is not known: the game's end.
UPDATE "Player" p SET "leftAt" = coalesce(g."endedAt", now())
  FROM "Game" g
 WHERE g.id = p."gameId" AND p."nicknameKey" LIKE '~left~%';
