// Watched time as ranges of seconds: what a <video> element played, and unions of them.

export interface WatchedRange {
  startSeconds: number;
  endSeconds: number;
}

/** The union of the ranges, sorted, with touching or overlapping ones joined. */
export function unionOfRanges(ranges: readonly WatchedRange[]): WatchedRange[] {
  const sorted = [...ranges].sort((a, b) => a.startSeconds - b.startSeconds);
  const union: WatchedRange[] = [];
  for (const range of sorted) {
    const last = union.at(-1);
    if (last && range.startSeconds <= last.endSeconds) last.endSeconds = Math.max(last.endSeconds, range.endSeconds);
    else union.push({ ...range });
  }
  return union;
}

/** What the element has played since its source was set (the browser keeps it in `played`). */
export function playedRanges(video: HTMLVideoElement): WatchedRange[] {
  const ranges: WatchedRange[] = [];
  for (let index = 0; index < video.played.length; index += 1) {
    const startSeconds = video.played.start(index);
    const endSeconds = video.played.end(index);
    if (endSeconds > startSeconds) ranges.push({ startSeconds, endSeconds });
  }
  return ranges;
}
