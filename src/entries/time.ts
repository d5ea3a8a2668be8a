/**
 * Cronofy takes times as ISO 8601 UTC instants with whole seconds (`2014-08-05T15:30:00Z`) and,
 * for all-day events, dates (`2014-08-05`). Callers may write any offset; it is converted here
 * so that what goes upstream is always the one form Cronofy documents.
 */

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CANONICAL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export class TimeFormatError extends TypeError {
  override name = 'TimeFormatError';
}

/** `2014-08-05T16:30:00+01:00` → `2014-08-05T15:30:00Z`; throws a TimeFormatError that says how to fix the value. */
export function parseInstant(text: string): string {
  // Most instants already come in the one form Cronofy takes: checked in place, they skip the
  // Date round trip below, which is most of the cost of coercing an operation's variables.
  if (CANONICAL_INSTANT.test(text) && isRealCanonicalInstant(text)) return text;
  const match = INSTANT.exec(text);
  if (!match) {
    throw new TimeFormatError(
      `"${text}" is not an instant: write it as ISO 8601 with seconds and a zone, such as "2014-08-05T15:30:00Z" or "2014-08-05T16:30:00+01:00".`,
    );
  }
  const [, year, month, day, hour, minute, second, fraction, zone] = match as unknown as string[];
  if (fraction !== undefined && /[1-9]/.test(fraction)) {
    throw new TimeFormatError(`"${text}" has a fraction of a second: Cronofy takes whole seconds only, so drop ".${fraction}".`);
  }
  checkDate(text, year!, month!, day!);
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) {
    throw new TimeFormatError(`"${text}" is not a time of day: hours run 00-23, minutes and seconds 00-59.`);
  }
  let offsetMinutes = 0;
  if (zone!.toUpperCase() !== 'Z') {
    const [hours, minutes] = zone!.slice(1).split(':').map(Number) as [number, number];
    if (hours > 23 || minutes > 59) throw new TimeFormatError(`"${text}" has an impossible offset "${zone}".`);
    offsetMinutes = (zone!.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
  }
  // Date.UTC reads years 0-99 as 1900-1999; setUTCFullYear takes them as written.
  const date = new Date(Date.UTC(2000, +month! - 1, +day!, +hour!, +minute!, +second!));
  date.setUTCFullYear(+year!);
  const iso = new Date(date.getTime() - offsetMinutes * 60_000).toISOString();
  if (!/^\d{4}-/.test(iso)) throw new TimeFormatError(`"${text}" is outside the years 0000-9999.`);
  return `${iso.slice(0, 19)}Z`;
}

/** `YYYY-MM-DDTHH:MM:SSZ` names a day that exists and a time of day; anything else takes the slow path and its message. */
function isRealCanonicalInstant(text: string): boolean {
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    digits(text, 11, 13) <= 23 &&
    digits(text, 14, 16) <= 59 &&
    digits(text, 17, 19) <= 59
  );
}

/** The number the ASCII digits `text[from..to)` spell, read in place rather than sliced out. */
function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) value = value * 10 + text.charCodeAt(i) - 48;
  return value;
}

/** `2014-08-05` stays as it is once it is known to be a real calendar day. */
export function parseDate(text: string): string {
  const match = DATE.exec(text);
  if (!match) {
    throw new TimeFormatError(`"${text}" is not a date: write it as "2014-08-05".`);
  }
  checkDate(text, match[1]!, match[2]!, match[3]!);
  return text;
}

/** An event boundary: an instant or, for all-day events, a date. */
export function parseEventTime(text: string): string {
  return DATE.test(text) ? parseDate(text) : parseInstant(text);
}

export function isDate(value: string): boolean {
  return DATE.test(value);
}

function checkDate(text: string, year: string, month: string, day: string): void {
  const date = new Date(Date.UTC(+year, +month - 1, +day));
  date.setUTCFullYear(+year);
  if (date.getUTCMonth() !== +month - 1 || date.getUTCDate() !== +day) {
    throw new TimeFormatError(`"${text}" names a day that does not exist (${year}-${month}-${day}).`);
  }
}
