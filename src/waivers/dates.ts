/** `YYYY-MM-DD` of a moment, in UTC (waiver expiry dates are calendar days, not instants). */
export function isoDay(moment: Date): string {
  return moment.toISOString().slice(0, 10);
}

/** True when the text is a real calendar date written as YYYY-MM-DD. */
export function isCalendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && isoDay(parsed) === text;
}

/** The same calendar day one year later (29 Feb maps to 1 Mar). */
export function oneYearAfter(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCFullYear(date.getUTCFullYear() + 1);
  return isoDay(date);
}
