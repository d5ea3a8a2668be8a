import type { FieldError } from './write.js';
import { isDate } from './time.js';

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
    if (value == null) return;
    const length = [...value].length;
    if (length > max) {
      this.fail(field, 'errors.too_long', `${field} is ${length} characters long; Cronofy takes at most ${max}.`);
    }
  }

  timeZone(field: string, value: string | null | undefined): void {
    if (value == null) return;
    if (!isTimeZone(value)) {
      this.fail(field, 'errors.invalid', `${field} ${quoted(value)} is not an IANA time zone such as "Europe/London" or "Etc/UTC".`);
    }
  }

  /** `start` and `end` come normalised by their scalar; here they are judged as a pair. */
  period(start: string, end: string): void {
    if (isDate(start) !== isDate(end)) {
      this.fail('end', 'errors.invalid', 'start and end must both be dates (all-day) or both be times.');
    } else if (end < start) {
      this.fail('end', 'errors.end_before_start', `end (${end}) is before start (${start}).`);
    }
  }
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

/** Longer than any IANA zone name ("America/Argentina/ComodRivadavia" is 32). */
const LONGEST_TIME_ZONE = 64;

const zones = new Map<string, boolean>();

function isTimeZone(value: string): boolean {
  // Not a zone, and not worth keeping: the cache is keyed by what callers send.
  if (value.length > LONGEST_TIME_ZONE) return false;
  let known = zones.get(value);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
      known = true;
    } catch {
      known = false;
    }
    if (zones.size < 1000) zones.set(value, known);
  }
  return known;
}
