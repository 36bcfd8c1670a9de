import { isSignedPlaylist, signPlaylistReferences } from "./playlist-signing.ts";

const sign = (key: string) => `https://api.test/media/play/${key}?signed`;

it("signs every variant, rendition and segment reference of an HLS playlist, resolved against its own folder", () => {
  const master = [
    "#EXTM3U",
    '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="en",URI="audio/index.m3u8"',
    "#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360",
    "0/index.m3u8",
    "",
    "#EXT-X-STREAM-INF:BANDWIDTH=2800000,RESOLUTION=1280x720",
    "../hls/1/index.m3u8",
    "https://elsewhere.test/absolute.m3u8",
  ].join("\n");
  expect(signPlaylistReferences("videos/v/u/hls/master.m3u8", master, sign).split("\n")).toEqual([
    "#EXTM3U",
    '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="en",URI="https://api.test/media/play/videos/v/u/hls/audio/index.m3u8?signed"',
    "#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360",
    "https://api.test/media/play/videos/v/u/hls/0/index.m3u8?signed",
    "",
    "#EXT-X-STREAM-INF:BANDWIDTH=2800000,RESOLUTION=1280x720",
    "https://api.test/media/play/videos/v/u/hls/1/index.m3u8?signed",
    "https://elsewhere.test/absolute.m3u8",
  ]);
  expect(signPlaylistReferences("videos/v/u/hls/0/index.m3u8", "#EXTINF:4.0,\nsegment_0000.ts\n#EXT-X-ENDLIST\n", sign)).toBe(
    "#EXTINF:4.0,\nhttps://api.test/media/play/videos/v/u/hls/0/segment_0000.ts?signed\n#EXT-X-ENDLIST\n",
  );
});

it("signs a WebVTT thumbnails track's sprite references and keeps their regions", () => {
  const vtt = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nthumbnails.jpg#xywh=0,0,160,90\n";
  expect(signPlaylistReferences("videos/v/u/previews/thumbnails.vtt", vtt, sign)).toBe(
    "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nhttps://api.test/media/play/videos/v/u/previews/thumbnails.jpg?signed#xywh=0,0,160,90\n",
  );
});

it("rewrites playlists and thumbnail tracks only", () => {
  expect(["a/master.m3u8", "a/thumbnails.vtt", "a/video.mp4", "a/segment.ts"].map(isSignedPlaylist)).toEqual([true, true, false, false]);
});
