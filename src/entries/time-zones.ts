import { LINK_NAMES, ZONE_NAMES } from './time-zone-names.js';

/**
 * Time zones go upstream as the tz database spells its Zones, whatever spelling the caller used:
 * `europe/london` → `Europe/London`, `US/Eastern` → `America/New_York`, `Asia/Calcutta` →
 * `Asia/Kolkata`, `UTC` → `Etc/UTC`. Cronofy names zones as IANA does, and a name in another
 * letter case is not one.
 *
 * `Intl` cannot decide this alone: it matches names in any case and takes offsets, and what it
 * answers as the canonical name is ICU's (CLDR's), not IANA's. Node.js 20, 22 and 24 all resolve
 * `Asia/Kolkata` to `Asia/Calcutta`, `Europe/Kyiv` to `Europe/Kiev` and `Etc/UTC` to `UTC`, and
 * Node.js 22 and 24 take `+01:00` as a zone. So the names come from the tz database itself
 * (`time-zone-names.ts`); `Intl` is asked only about a name that table lacks, for a zone IANA
 * added since, and only a region name (`Area/Place`) that it spells exactly as given is taken.
 */
export function canonicalZone(name: string): string | undefined {
  // Not a zone, and not worth keeping: the cache below is keyed by what callers send.
  if (name.length > LONGEST_TIME_ZONE) return undefined;
  const known = CANONICAL.get(name.toLowerCase());
  if (known !== undefined) return known;
  let answer = newer.get(name);
  if (answer === undefined) {
    answer = NEWER_ZONE.test(name) && intlSpelling(name) === name ? name : null;
    if (newer.size < 1000) newer.set(name, answer);
  }
  return answer ?? undefined;
}

/** Longer than any IANA zone name ("America/Argentina/ComodRivadavia" is 32). */
const LONGEST_TIME_ZONE = 64;

/** Lower-case name → the Zone it stands for, spelled as the tz database spells it. */
const CANONICAL = new Map<string, string>();
for (const zone of ZONE_NAMES.split(/\s+/)) if (zone) CANONICAL.set(zone.toLowerCase(), zone);
for (const link of LINK_NAMES.split(/\s+/)) {
  const [alias, zone] = link.split('=');
  if (alias && zone) CANONICAL.set(alias.toLowerCase(), zone);
}

const NEWER_ZONE = /^[A-Z][A-Za-z_-]*(?:\/[A-Z][A-Za-z0-9_+-]*)+$/;
const newer = new Map<string, string | null>();

function intlSpelling(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
