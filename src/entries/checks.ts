import type { FieldError } from './write.js';
import { isDate } from './time.js';
import { canonicalZone } from './time-zones.js';

/**
 * Collects what is wrong with one input, in Cronofy's 422 vocabulary, so the caller gets every
 * problem of a write at once rather than one per round trip.
 */
export class Checks {
  readonly errors: FieldError[] = [];

  fail(field: string, key: string, description: string): void {
    this.errors.push({ field, key, description });
  }

  /** GraphQL already refuses a missing required field; this catches the blank ones. */
  notBlank(field: string, value: string): void {
    if (value.trim() === '') this.fail(field, 'errors.required', `${field} must not be blank.`);
  }

  /**
   * An id that becomes a URL path segment. Encoding leaves `.` and `..` as they are, and
   * `/v1/calendars/../events` would resolve to another endpoint.
   */
  pathSegment(field: string, value: string): void {
    if (value === '.' || value === '..') {
      this.fail(
        field,
        'errors.invalid',
        `${field} "${value}" is not a calendar id: it would turn the request URL into another endpoint's.`,
      );
    }
  }

  maxLength(field: string, value: string | null | undefined, max: number): void {
    // No more UTF-16 units than allowed is no more characters either: counted only past that.
    if (value == null || value.length <= max) return;
    const length = [...value].length;
    if (length > max) {
      this.fail(field, 'errors.too_long', `${field} is ${length} characters long; Cronofy takes at most ${max}.`);
    }
  }

  /** A zone the tz database names, in any letter case or as an alias; it is sent in its canonical form (`canonicalZone`). */
  timeZone(field: string, value: string | null | undefined): void {
    if (value == null) return;
    if (canonicalZone(value) === undefined) {
      this.fail(field, 'errors.invalid', `${field} ${quoted(value)} is not an IANA time zone such as "Europe/London" or "Etc/UTC".`);
    }
  }

  /**
   * `null` where Cronofy gives it no meaning: refused rather than sent, with what to send instead.
   * Returns whether the value was null.
   */
  notNull(field: string, value: unknown, instead: string): boolean {
    if (value !== null) return false;
    this.fail(field, 'errors.null', `${field} is null, which Cronofy gives no meaning: ${instead}`);
    return true;
  }

  /**
   * `start` and `end` come normalised by their scalar; here they are judged as a pair. An all-day
   * event's end is the day after its last day, so it must come after its start, as Cronofy requires.
   */
  period(start: string, end: string): void {
    if (isDate(start) !== isDate(end)) {
      this.fail('end', 'errors.invalid', 'start and end must both be dates (all-day) or both be times.');
    } else if (end < start) {
      this.fail('end', 'errors.end_before_start', `end (${end}) is before start (${start}).`);
    } else if (end === start && isDate(end)) {
      this.fail(
        'end',
        'errors.end_not_after_start',
        `end (${end}) is the same day as start: an all-day event ends on the day after its last day, so a one-day event on ${start} ends on ${dayAfter(start)}.`,
      );
    }
  }
}

/** `2026-12-31` → `2027-01-01`. */
function dayAfter(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

/**
 * A value as an error message quotes it: cut to its first 64 characters, so that an answer
 * quoting it (once per alias of `message`, up to `MAX_ALIASES` times) stays about as small as the
 * document that asked for it, however long the value sent.
 */
export function quoted(value: string): string {
  if (value.length <= QUOTED_CHARACTERS) return `"${value}"`;
  const head = [...value.slice(0, QUOTED_CHARACTERS * 2)].slice(0, QUOTED_CHARACTERS).join('');
  return head.length === value.length ? `"${value}"` : `"${head}…"`;
}

const QUOTED_CHARACTERS = 64;
