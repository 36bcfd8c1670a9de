// The local driver's answer to a CDN's directory token: a playlist (HLS) or thumbnails track (WebVTT)
// is served with each relative reference replaced by a signed URL expiring when the playlist's own does.

const PLAYLIST_EXTENSIONS = [".m3u8", ".vtt"];
/** HLS tags whose URI attribute names a file (renditions, init sections, keys, I-frame playlists). */
const URI_ATTRIBUTE = /URI="([^"]+)"/g;
/** A WebVTT thumbnails cue's payload: an image URL with a media fragment, alone on its line. */
const VTT_IMAGE_REFERENCE = /^([^\s#:]+)(#xywh=[\d,]+)$/;

export function isSignedPlaylist(key: string): boolean {
  return PLAYLIST_EXTENSIONS.some((extension) => key.endsWith(extension));
}

/** `signedUrlOf` gets the key a relative reference resolves to; absolute ones are left as they are. */
export function signPlaylistReferences(playlistKey: string, text: string, signedUrlOf: (key: string) => string): string {
  const sign = (reference: string) => {
    const key = keyOfReference(playlistKey, reference);
    return key === null ? reference : signedUrlOf(key);
  };
  const isHls = playlistKey.endsWith(".m3u8");
  return text
    .split("\n")
    .map((line) => {
      const trimmed = line.trim();
      if (isHls) {
        if (trimmed.startsWith("#")) return line.replace(URI_ATTRIBUTE, (_, reference: string) => `URI="${sign(reference)}"`);
        return trimmed === "" ? line : sign(trimmed);
      }
      const image = VTT_IMAGE_REFERENCE.exec(trimmed);
      return image ? `${sign(image[1]!)}${image[2]}` : line;
    })
    .join("\n");
}

function keyOfReference(playlistKey: string, reference: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(reference) || reference.startsWith("/")) return null;
  const root = "http://store.invalid/";
  const resolved = new URL(reference, `${root}${playlistKey.split("/").map(encodeURIComponent).join("/")}`);
  return resolved.pathname.slice(1).split("/").map(decodeURIComponent).join("/");
}
