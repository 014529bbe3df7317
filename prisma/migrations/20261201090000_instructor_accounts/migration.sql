-- Instructor accounts: roles (the first instructor is the admin), disabled accounts, sessions
-- that can be listed, browsers trusted for sign-in, one-time invitation and reset links, and
-- the counters of the sign-in and registration limits.

-- CreateEnum
CREATE TYPE "InstructorRole" AS ENUM ('admin', 'instructor');

-- CreateEnum
CREATE TYPE "AccountLinkPurpose" AS ENUM ('invite', 'reset');

-- AlterTable
ALTER TABLE "Instructor" ADD COLUMN "role" "InstructorRole" NOT NULL DEFAULT 'instructor',
ADD COLUMN "disabledAt" TIMESTAMPTZ(3);

-- The instructor who set the server up is its admin.
UPDATE "Instructor" SET "role" = 'admin'
WHERE "id" = (SELECT "id" FROM "Instructor" ORDER BY "createdAt", "id" LIMIT 1);

-- AlterTable
ALTER TABLE "Session" ADD COLUMN "publicId" UUID NOT NULL DEFAULT gen_random_uuid(),
ADD COLUMN "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN "userAgent" TEXT,
ADD COLUMN "address" TEXT;

-- CreateTable
CREATE TABLE "TrustedDevice" (
    "id" TEXT NOT NULL,
    "instructorId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TrustedDevice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccountLink" (
    "id" TEXT NOT NULL,
    "purpose" "AccountLinkPurpose" NOT NULL,
    "email" TEXT NOT NULL,
    "instructorId" UUID,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AccountLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateLimit" (
    "key" TEXT NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "RateLimit_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Session_publicId_key" ON "Session"("publicId");

-- CreateIndex
CREATE INDEX "TrustedDevice_instructorId_idx" ON "TrustedDevice"("instructorId");

-- CreateIndex
CREATE INDEX "TrustedDevice_expiresAt_idx" ON "TrustedDevice"("expiresAt");

-- CreateIndex
CREATE INDEX "AccountLink_instructorId_idx" ON "AccountLink"("instructorId");

-- CreateIndex
CREATE INDEX "AccountLink_createdById_idx" ON "AccountLink"("createdById");

-- CreateIndex
CREATE INDEX "AccountLink_expiresAt_idx" ON "AccountLink"("expiresAt");

-- CreateIndex
CREATE INDEX "RateLimit_expire_idx" ON "RateLimit"("expire");

-- AddForeignKey
ALTER TABLE "TrustedDevice" ADD CONSTRAINT "TrustedDevice_instructorId_fkey" FOREIGN KEY ("instructorId") REFERENCES "Instructor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccountLink" ADD CONSTRAINT "AccountLink_instructorId_fkey" FOREIGN KEY ("instructorId") REFERENCES "Instructor"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccountLink" ADD CONSTRAINT "AccountLink_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "Instructor"("id") ON DELETE CASCADE ON UPDATE CASCADE;
