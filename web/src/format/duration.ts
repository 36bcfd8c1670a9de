/** "4:05" for a video, "1:02:09" past the hour. */
export function formatClockDuration(totalSeconds: number): string {
  const seconds = Math.round(totalSeconds);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}

/** "2 h 15 min" for a course, "45 min" under an hour, "40 s" under a minute. */
export function formatLongDuration(totalSeconds: number): string {
  if (totalSeconds > 0 && totalSeconds < 60) return `${Math.round(totalSeconds)} s`;
  const minutes = Math.round(totalSeconds / 60);
  const hours = Math.floor(minutes / 60);
  if (hours === 0) return `${minutes} min`;
  const remainder = minutes % 60;
  return remainder === 0 ? `${hours} h` : `${hours} h ${remainder} min`;
}
