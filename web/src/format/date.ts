const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

export function formatDate(isoDate: string): string {
  return dateFormat.format(new Date(isoDate));
}

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** A moment to the minute, where the person is: when a delivery was attempted. */
export function formatDateTime(isoDate: string): string {
  return dateTimeFormat.format(new Date(isoDate));
}

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });

/** A time of today to the minute, where the person is: until when a support view lasts. */
export function formatTime(moment: Date): string {
  return timeFormat.format(moment);
}
