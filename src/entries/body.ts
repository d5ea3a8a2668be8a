/** Pieces of Cronofy request bodies that events and available periods share. */

/** Cronofy's `{ time, tzid }` form when the caller gave a zone for this boundary. */
export function boundary(time: string, tzid: string | null | undefined): string | { time: string; tzid: string } {
  return tzid == null ? time : { time, tzid };
}

/** Sets `key` unless the caller left the field out; an explicit null is kept. */
export function copy(target: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) target[key] = value;
}
