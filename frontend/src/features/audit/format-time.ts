const localDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const localClock = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });
const localDay = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

function parse(value: string): Date | null {
  const moment = new Date(value);
  return Number.isNaN(moment.getTime()) ? null : moment;
}

/** ["12 Mar 2025", "14:05:33"] in the reader's time zone. */
export function formatLocalTime(value: string): [string, string] {
  const moment = parse(value);
  return moment ? [localDate.format(moment), localClock.format(moment)] : [value, ''];
}

/** "2025-03-12 13:05:33 UTC". */
export function formatUtcTime(value: string): string {
  const moment = parse(value);
  if (!moment) return value;
  const iso = moment.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** "Wed, 12 Mar 2025" for a YYYY-MM-DD day (a UTC day, as the API counts them). */
export function formatDay(value: string): string {
  const moment = parse(`${value}T00:00:00Z`);
  return moment ? localDay.format(moment) : value;
}
