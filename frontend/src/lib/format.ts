const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

function parse(value: string | Date | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "12 Mar 2025"; an em dash for a missing date. */
export function formatDate(value: string | Date | null | undefined): string {
  const date = parse(value);
  return date ? dateFormat.format(date) : '—';
}

/** "12 Mar 2025, 14:05"; an em dash for a missing date. */
export function formatDateTime(value: string | Date | null | undefined): string {
  const date = parse(value);
  return date ? dateTimeFormat.format(date) : '—';
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 days ago", "in 2 months", "just now"; `fallback` for a missing date. */
export function formatRelative(
  value: string | Date | null | undefined,
  now: Date = new Date(),
  fallback = 'never',
): string {
  const date = parse(value);
  if (!date) return fallback;
  const seconds = (date.getTime() - now.getTime()) / 1000;
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relativeFormat.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

/** Whole years of practice since the start year, or null when unknown. */
export function experienceYears(
  practiceStartYear: number | null | undefined,
  now: Date = new Date(),
): number | null {
  if (!practiceStartYear) return null;
  return Math.max(0, now.getFullYear() - practiceStartYear);
}

/** "1 year", "12 years", "—". */
export function formatExperience(practiceStartYear: number | null | undefined): string {
  const years = experienceYears(practiceStartYear);
  if (years === null) return '—';
  if (years === 0) return 'under a year';
  return `${years} ${years === 1 ? 'year' : 'years'}`;
}

/** "Dr. Anna Kowalska" from a person's parts. */
export function fullName(person: { title?: string | null; name: string; surname: string }): string {
  return [person.title, person.name, person.surname].filter(Boolean).join(' ');
}

/** Percentage 0..100 of done over total (0 when the total is 0). */
export function percent(done: number, total: number): number {
  return total > 0 ? Math.round((done / total) * 100) : 0;
}

/** "1 sample", "3 samples". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
