-- Topic mastery and game reports group a game's answers by topic and correctness, leaving out
-- kicked players: this index answers those scans from the index alone (index-only scans).
-- CreateIndex
CREATE INDEX "Answer_gameId_topicId_correct_playerId_idx" ON "Answer"("gameId", "topicId", "correct", "playerId");
