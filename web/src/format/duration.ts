// Two formats, one for each kind of duration, used everywhere: a clip's length reads like a
// player's clock ("0:35", "5:12", "1:02:09"), a total reads in hours and minutes ("1 h 05 min",
// "12 min"). "—" stands where no duration is known yet (a video still without a file).

export const UNKNOWN_DURATION = "—";

/** "0:35", "5:12" and "1:02:09" past the hour; "—" when unknown. */
export function formatClockDuration(totalSeconds: number | null): string {
  if (totalSeconds === null) return UNKNOWN_DURATION;
  const seconds = Math.round(totalSeconds);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}

/**
 * The length of a course or a section: "1 h 05 min", "12 min", "under 1 min"; "—" when none of
 * its videos has a known duration (a total of 0 s).
 */
export function formatTotalDuration(totalSeconds: number): string {
  if (totalSeconds <= 0) return UNKNOWN_DURATION;
  if (totalSeconds < 30) return "under 1 min";
  const minutes = Math.round(totalSeconds / 60);
  const hours = Math.floor(minutes / 60);
  if (hours === 0) return `${minutes} min`;
  return `${hours} h ${String(minutes % 60).padStart(2, "0")} min`;
}

/** The ISO 8601 duration a <time> element's dateTime takes: "PT35S". */
export function isoDuration(totalSeconds: number): string {
  return `PT${Math.round(totalSeconds)}S`;
}
