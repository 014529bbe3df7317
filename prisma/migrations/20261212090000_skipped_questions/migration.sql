-- A question the host skipped is marked, so a stored game tells it from a question nobody
-- answered (a skip keeps streaks, a miss resets them).
ALTER TABLE "GameQuestion" ADD COLUMN "skipped" BOOLEAN NOT NULL DEFAULT false;

-- Games stored before: their snapshot lists the skipped question indexes.
UPDATE "GameQuestion" gq SET "skipped" = true
  FROM "Game" g
 WHERE g.id = gq."gameId"
   AND g.snapshot ? 'skipped'
   AND g.snapshot->'skipped' @> to_jsonb(gq.position);

-- The order players joined in, the last tie-break of the ranking (who joined first).
ALTER TABLE "Player" ADD COLUMN "joinSeq" INTEGER;

UPDATE "Player" p SET "joinSeq" = (g.snapshot->'players'->(p.id::text)->>'joinedSeq')::int
  FROM "Game" g
 WHERE g.id = p."gameId" AND g.snapshot->'players'->(p.id::text) ? 'joinedSeq';
