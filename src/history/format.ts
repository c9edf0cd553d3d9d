/** Dates and names as the history shows them. */

const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

const DATE_TIME_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** Formats an ISO 8601 timestamp as "15 Jan 2025" in local time. */
export function formatDate(timestamp: string): string {
  return DATE_FORMAT.format(new Date(timestamp));
}

/** Formats an ISO 8601 timestamp as "15 Jan 2025, 09:30" in local time. */
export function formatDateTime(timestamp: string): string {
  return DATE_TIME_FORMAT.format(new Date(timestamp));
}

/** Returns `YYYY-MM-DD` of a date in UTC, for file names. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Turns a lesion name into a safe file-name part. */
export function fileNamePart(name: string): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return slug === '' ? 'lesion' : slug;
}
