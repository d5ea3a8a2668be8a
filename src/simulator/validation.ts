/**
 * Cronofy's documented validation of batch sub-request bodies, written independently of the
 * layer's own checks so that tests through the simulator check the layer against the docs,
 * not against itself.
 */

import { LINK_NAMES, ZONE_NAMES } from '../entries/time-zone-names.js';

export type Errors = Record<string, Array<{ key: string; description: string }>>;

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.0+)?Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

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
    if (typeof value === 'string' && (TIME.test(value) || (allowDate && DATE.test(value))) && !Number.isNaN(Date.parse(value))) {
      return value.replace(/\.0+Z$/, 'Z');
    }
    this.add(field, 'errors.invalid', `${field} must be a ${allowDate ? 'Time or Date' : 'Time'} in ISO 8601 UTC format`);
    return undefined;
  }
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
