-- Loses data: each course's cover key (the images stay in storage).
ALTER TABLE "courses" DROP COLUMN "cover_key";
