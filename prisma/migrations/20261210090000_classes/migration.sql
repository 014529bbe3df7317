-- Classes: students with a lasting identity. A class has members (a name, an optional external
-- id, a hashed recovery code), each browser of a member holds a student token (hashed here), and
-- a game opened for a class links each seat (Player) to the member who played it.

-- CreateEnum
CREATE TYPE "ClassMemberOrigin" AS ENUM ('invite', 'roster');

-- CreateTable
CREATE TABLE "Class" (
    "id" UUID NOT NULL,
    "instructorId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "startsOn" DATE,
    "endsOn" DATE,
    "inviteToken" TEXT NOT NULL,
    "selfJoin" BOOLEAN NOT NULL DEFAULT true,
    "archivedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Class_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClassMember" (
    "id" UUID NOT NULL,
    "classId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "externalId" TEXT,
    "origin" "ClassMemberOrigin" NOT NULL,
    "recoveryCodeHash" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3),

    CONSTRAINT "ClassMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StudentToken" (
    "tokenHash" TEXT NOT NULL,
    "memberId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StudentToken_pkey" PRIMARY KEY ("tokenHash")
);

-- AlterTable
ALTER TABLE "Game" ADD COLUMN "classId" UUID;

-- AlterTable
ALTER TABLE "Player" ADD COLUMN "memberId" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "Class_inviteToken_key" ON "Class"("inviteToken");

-- CreateIndex
CREATE INDEX "Class_instructorId_createdAt_idx" ON "Class"("instructorId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ClassMember_recoveryCodeHash_key" ON "ClassMember"("recoveryCodeHash");

-- CreateIndex
CREATE UNIQUE INDEX "ClassMember_classId_nameKey_key" ON "ClassMember"("classId", "nameKey");

-- CreateIndex
CREATE UNIQUE INDEX "ClassMember_classId_externalId_key" ON "ClassMember"("classId", "externalId");

-- CreateIndex
CREATE INDEX "StudentToken_memberId_idx" ON "StudentToken"("memberId");

-- CreateIndex
CREATE INDEX "Game_classId_createdAt_idx" ON "Game"("classId", "createdAt");

-- Per-student mastery reads a member's seats, then their answers by player.
-- CreateIndex
CREATE INDEX "Player_memberId_idx" ON "Player"("memberId");

-- AddForeignKey
ALTER TABLE "Class" ADD CONSTRAINT "Class_instructorId_fkey" FOREIGN KEY ("instructorId") REFERENCES "Instructor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClassMember" ADD CONSTRAINT "ClassMember_classId_fkey" FOREIGN KEY ("classId") REFERENCES "Class"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudentToken" ADD CONSTRAINT "StudentToken_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "ClassMember"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Game" ADD CONSTRAINT "Game_classId_fkey" FOREIGN KEY ("classId") REFERENCES "Class"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Player" ADD CONSTRAINT "Player_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "ClassMember"("id") ON DELETE SET NULL ON UPDATE CASCADE;
