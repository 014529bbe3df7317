-- When each member's recovery code was made; codes from before count from the member's creation.
ALTER TABLE "ClassMember" ADD COLUMN "recoveryCodeSetAt" TIMESTAMPTZ(3);
UPDATE "ClassMember" SET "recoveryCodeSetAt" = "createdAt" WHERE "recoveryCodeHash" IS NOT NULL;
