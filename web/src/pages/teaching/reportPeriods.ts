// The periods a course's reports (tutor usage, analytics) are read over: the last N UTC days,
// today included, since the API counts UTC days.

const DAY_MS = 86_400_000;

export const REPORT_PERIODS = [
  { value: "7", label: "Last 7 days" },
  { value: "30", label: "Last 30 days" },
  { value: "90", label: "Last 90 days" },
  { value: "365", label: "Last 365 days" },
] as const;

/** The last `days` UTC days, today included: from the first one's midnight. */
export function periodStart(days: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (days - 1) * DAY_MS).toISOString();
}

/** "last 30 days", for a sentence. */
export function periodLabel(days: number): string {
  return REPORT_PERIODS.find((option) => option.value === String(days))!.label.toLowerCase();
}

/** The API's days are UTC days: shown as such, whatever the browser's time zone. */
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" });
export const formatUtcDay = (date: string) => dayFormat.format(new Date(`${date}T00:00:00Z`));
const shortDayFormat = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
export const formatShortUtcDay = (date: string) => shortDayFormat.format(new Date(`${date}T00:00:00Z`));
