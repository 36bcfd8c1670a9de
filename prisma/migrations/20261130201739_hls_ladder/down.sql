-- Loses data: each video's HLS master, renditions, poster and thumbnail track keys (the files stay in storage).
ALTER TABLE "videos" DROP COLUMN "hls_master_key",
DROP COLUMN "hls_renditions",
DROP COLUMN "poster_key",
DROP COLUMN "processing_percent",
DROP COLUMN "thumbnails_vtt_key";
