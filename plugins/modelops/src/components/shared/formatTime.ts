/*
 * Times as users read them: in their locale and time zone, with the zone named. Shared by the
 * drift, approvals and scorecards features.
 */

/** Where and how {@link formatAbsoluteTime} renders: the browser's locale and time zone by default. */
export interface TimeFormatOptions {
  /** BCP 47 locale, e.g. `de-DE`; default the user's (the browser's) locale. */
  locale?: string;
  /** IANA time zone, e.g. `Europe/Berlin`; default the user's time zone. */
  timeZone?: string;
}

/**
 * An absolute time in the user's locale and time zone, with the zone named so a screenshot or a
 * pasted line is unambiguous: `Nov 20, 2026, 12:00 AM UTC` (en-US, UTC),
 * `20. Nov. 2026, 01:00 MEZ` (de-DE, Europe/Berlin). Invalid input is returned unchanged.
 */
export function formatAbsoluteTime(
  iso: string,
  options: TimeFormatOptions = {},
): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(options.locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
    timeZone: options.timeZone,
  }).format(date);
}

/** A date without time in the user's locale: `Nov 20, 2026` (en-US). */
export function formatAbsoluteDate(
  iso: string,
  options: TimeFormatOptions = {},
): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(options.locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: options.timeZone,
  }).format(date);
}
