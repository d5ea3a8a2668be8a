/** Pieces of Cronofy request bodies that events and available periods share. */
import { canonicalZone } from './time-zones.js';

/**
 * Cronofy's `{ time, tzid }` form when the caller gave a zone for this boundary, the zone in its
 * canonical spelling (a zone the checks refused never gets here).
 */
export function boundary(time: string, tzid: string | null | undefined): string | { time: string; tzid: string } {
  return tzid == null ? time : { time, tzid: zone(tzid) };
}

/** A zone the checks took, as the tz database spells it: `europe/london` → `Europe/London`. */
export function zone(tzid: string): string {
  return canonicalZone(tzid) ?? tzid;
}

/** Sets `key` unless the caller left the field out; an explicit null is kept. */
export function copy(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) target[key] = value;
}
