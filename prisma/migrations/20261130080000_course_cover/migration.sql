-- A course's uploaded cover image: its key in storage.
ALTER TABLE "courses" ADD COLUMN "cover_key" TEXT;
