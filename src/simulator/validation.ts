/**
 * Cronofy's documented validation of batch sub-request bodies, written independently of the
 * layer's own checks so that tests through the simulator check the layer against the docs,
 * not against itself.
 */

import { LINK_NAMES, ZONE_NAMES } from '../entries/time-zone-names.js';

export type Errors = Record<string, Array<{ key: string; description: string }>>;

const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.0+)?Z$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export class Validator {
  readonly errors: Errors = {};

  add(field: string, key: string, description: string): void {
    (this.errors[field] ??= []).push({ key, description });
  }

  get ok(): boolean {
    return Object.keys(this.errors).length === 0;
  }

  required(data: Record<string, unknown>, field: string): boolean {
    const value = data[field];
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      this.add(field, 'errors.required', `${field} must be specified`);
      return false;
    }
    return true;
  }

  string(data: Record<string, unknown>, field: string, maxLength?: number): void {
    const value = data[field];
    if (value === undefined || value === null) return;
    if (typeof value !== 'string') return this.add(field, 'errors.invalid', `${field} must be a string`);
    if (maxLength !== undefined && [...value].length > maxLength) {
      this.add(field, 'errors.too_long', `${field} must be at most ${maxLength} characters`);
    }
  }

  /** Time (`...Z`, whole seconds), Date (events only), or `{ time, tzid }`. */
  time(data: Record<string, unknown>, field: string, allowDate: boolean): string | undefined {
    if (!this.required(data, field)) return undefined;
    let value = data[field];
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const { time, tzid } = value as { time?: unknown; tzid?: unknown };
      if (typeof tzid !== 'string' || !isZone(tzid)) {
        this.add(field, 'errors.invalid', `${field}.tzid must be a known time zone`);
        return undefined;
      }
      value = time;
    }
    if (typeof value === 'string' && isReal(value, allowDate)) return value.replace(/\.0+Z$/, 'Z');
    this.add(field, 'errors.invalid', `${field} must be a ${allowDate ? 'Time or Date' : 'Time'} in ISO 8601 UTC format`);
    return undefined;
  }

  /**
   * `end` against `start`, both as `time` returned them: a period or timed event must not end
   * before it starts; an all-day event's end is the day after its last day, so it must come
   * after its start. A Date against a Time is not compared.
   */
  ends(start: string | undefined, end: string | undefined): void {
    if (start === undefined || end === undefined || DATE.test(start) !== DATE.test(end)) return;
    if (DATE.test(start) ? end <= start : end < start) {
      this.add('end', 'errors.invalid', DATE.test(start) ? 'end must be after start' : 'end must not be before start');
    }
  }
}

/** The format, and a day that exists (`2014-02-30` does not) and a time of day that does. */
function isReal(value: string, allowDate: boolean): boolean {
  const time = TIME.exec(value);
  const date = time ?? (allowDate ? DATE.exec(value) : null);
  if (!date) return false;
  const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (days === undefined || day < 1 || day > days) return false;
  return !time || (Number(time[4]) <= 23 && Number(time[5]) <= 59 && Number(time[6]) <= 59);
}

/**
 * A name of the tz database, spelled as it spells it (Zones and Links alike, as Ruby's tzinfo
 * takes them): `europe/london`, `+01:00` and `Mars/Olympus` are not zones, though `Intl` takes
 * the first two.
 */
export function isZone(value: string): boolean {
  return TZ_NAMES.has(value);
}

const TZ_NAMES = new Set([...ZONE_NAMES.split(/\s+/), ...LINK_NAMES.split(/\s+/).map((link) => link.split('=')[0])].filter(Boolean));
