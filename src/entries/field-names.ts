import { EVENT_FIELDS } from './events.js';
import type { WriteKind } from './write.js';

/**
 * The fields of each request as Cronofy names them (nested fields dotted, list items left out).
 * A kind not listed here has its names camel-cased and taken as the schema's.
 */
const CRONOFY_FIELDS: Partial<Record<WriteKind, ReadonlySet<string>>> = {
  ...Object.fromEntries(Object.entries(EVENT_FIELDS).map(([kind, fields]) => [kind, new Set(fields)])),
  upsertAvailablePeriod: new Set(['available_period_id', 'start', 'start.time', 'start.tzid', 'end', 'end.time', 'end.tzid']),
  deleteAvailablePeriod: new Set(['available_period_id']),
};

/**
 * Where a field Cronofy's 422 names is in this schema's input, so the caller reads the error on
 * the field they wrote:
 *
 * - `event_private` → `eventPrivate`, `location.lat` → `location.lat`,
 *   `attendees.invite[0].display_name` (or `attendees.invite.0.display_name`) →
 *   `attendees.invite[0].displayName`;
 * - the zone of a `{ time, tzid }` boundary → `startTzid`/`endTzid`: named `start.tzid` (or
 *   `start[tzid]`), or named `start` when this write sent start with a zone and the description
 *   speaks of the zone (`tzid`, "time zone");
 * - a field this schema does not have (a parameter Cronofy added since, say) keeps the name Cronofy
 *   wrote, and `inSchema` is false.
 */
export function schemaFieldOf(
  kind: WriteKind,
  cronofyField: string,
  sent: Record<string, unknown>,
  description: string,
): { field: string; inSchema: boolean } {
  const tokens = cronofyField.split(/[.[\]]+/).filter((token) => token !== '');
  const names = tokens.filter((token) => !/^\d+$/.test(token));
  const known = CRONOFY_FIELDS[kind];
  if (known && !known.has(names.join('.'))) return { field: cronofyField, inSchema: false };
  const [first, second] = names;
  if ((first === 'start' || first === 'end') && names.length <= 2) {
    const aboutZone =
      second === 'tzid' || (second === undefined && typeof sent[first] === 'object' && /tzid|time ?zone/i.test(description));
    return { field: aboutZone ? `${first}Tzid` : first, inSchema: true };
  }
  const field = tokens.map((token) => (/^\d+$/.test(token) ? `[${token}]` : `.${camelCase(token)}`)).join('');
  return { field: field.slice(1), inSchema: true };
}

function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}
