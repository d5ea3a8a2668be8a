import { boundary, copy } from './body.js';
import { Checks, quoted } from './checks.js';
import { type Built, resourceOf, type WriteIds } from './write.js';

/**
 * The caller's input for event writes, as GraphQL hands it over: an absent field is an absent
 * key (left unchanged upstream), an explicit `null` is sent as `null` (cleared upstream, e.g.
 * `url: null` removes the URL).
 */
export interface EventFields {
  summary: string;
  description?: string | null;
  /** Normalised by the scalar: `2014-08-05T15:30:00Z` or `2014-08-05`. */
  start: string;
  end: string;
  startTzid?: string | null;
  endTzid?: string | null;
  tzid?: string | null;
  location?: { description?: string | null; lat?: string | null; long?: string | null } | null;
  url?: string | null;
  reminders?: { minutes: number }[] | null;
  remindersCreateOnly?: boolean | null;
  eventPrivate?: boolean | null;
  transparency?: 'opaque' | 'transparent' | null;
  color?: string | null;
  attendees?: { invite?: Attendee[] | null; reject?: Attendee[] | null } | null;
  conferencing?: { profileId: string; providerDescription?: string | null; joinUrl?: string | null } | null;
  subscriptions?: { type: 'webhook'; uri: string; interactions: { type: string }[] }[] | null;
  recurrence?: { rules: { frequency: string; byDay?: string[] | null; interval?: number | null }[] } | null;
}

export interface Attendee {
  email: string;
  displayName?: string | null;
}

export interface UpsertEventInput extends EventFields {
  calendarId: string;
  eventId: string;
}

export interface EditExternalEventInput extends EventFields {
  calendarId: string;
  eventUid: string;
}

export interface DeleteEventInput {
  calendarId: string;
  eventId: string;
  includeUserinfo?: boolean | null;
}

export interface DeleteExternalEventInput {
  calendarId: string;
  eventUid: string;
}

/** `POST /v1/calendars/{calendar_id}/events` keyed by the caller's own `event_id`. */
export function upsertEvent(input: UpsertEventInput): Built<'upsertEvent'> {
  const checks = new Checks();
  checks.notBlank('calendarId', input.calendarId);
  checks.notBlank('eventId', input.eventId);
  checkEventFields(checks, input);
  const ids = { calendarId: input.calendarId, eventId: input.eventId };
  return build('upsertEvent', checks, 'POST', ids, {
    event_id: input.eventId,
    ...eventBody(input),
  });
}

/** `DELETE /v1/calendars/{calendar_id}/events` with `{ event_id }`. */
export function deleteEvent(input: DeleteEventInput): Built<'deleteEvent'> {
  const checks = new Checks();
  checks.notBlank('calendarId', input.calendarId);
  checks.notBlank('eventId', input.eventId);
  const data: Record<string, unknown> = { event_id: input.eventId };
  copy(data, 'include_userinfo', input.includeUserinfo);
  const ids = { calendarId: input.calendarId, eventId: input.eventId };
  return build('deleteEvent', checks, 'DELETE', ids, data);
}

/** The upsert URL with `event_uid` and never `event_id`: with both, Cronofy would create a new event. */
export function editExternalEvent(input: EditExternalEventInput): Built<'editExternalEvent'> {
  const checks = new Checks();
  checks.notBlank('calendarId', input.calendarId);
  checks.notBlank('eventUid', input.eventUid);
  checkEventFields(checks, input);
  const ids = { calendarId: input.calendarId, eventUid: input.eventUid };
  return build('editExternalEvent', checks, 'POST', ids, {
    event_uid: input.eventUid,
    ...eventBody(input),
  });
}

/** `DELETE /v1/calendars/{calendar_id}/events` with `{ event_uid }`. */
export function deleteExternalEvent(input: DeleteExternalEventInput): Built<'deleteExternalEvent'> {
  const checks = new Checks();
  checks.notBlank('calendarId', input.calendarId);
  checks.notBlank('eventUid', input.eventUid);
  const ids = { calendarId: input.calendarId, eventUid: input.eventUid };
  return build('deleteExternalEvent', checks, 'DELETE', ids, {
    event_uid: input.eventUid,
  });
}

function build<K extends 'upsertEvent' | 'deleteEvent' | 'editExternalEvent' | 'deleteExternalEvent'>(
  kind: K,
  checks: Checks,
  method: 'POST' | 'DELETE',
  ids: WriteIds[K] & { calendarId: string },
  data: Record<string, unknown>,
): Built<K> {
  checks.pathSegment('calendarId', ids.calendarId);
  if (checks.errors.length > 0) return { ok: false, kind, errors: checks.errors };
  const relative_url = `/v1/calendars/${encodeURIComponent(ids.calendarId)}/events`;
  return { ok: true, write: { kind, entry: { method, relative_url, data }, resource: resourceOf(kind, ids), ids } };
}

function checkEventFields(checks: Checks, input: EventFields): void {
  checks.notBlank('summary', input.summary);
  checks.maxLength('summary', input.summary, 1024);
  checks.maxLength('description', input.description, 4096);
  checks.period(input.start, input.end);
  checks.timeZone('tzid', input.tzid);
  checks.timeZone('startTzid', input.startTzid);
  checks.timeZone('endTzid', input.endTzid);
  if (input.url != null && !URL.canParse(input.url)) {
    checks.fail('url', 'errors.invalid', `url ${quoted(input.url)} is not an absolute URL such as "https://example.com/meeting".`);
  }
  if (input.color != null && !/^#[0-9a-f]{6}$/i.test(input.color)) {
    checks.fail('color', 'errors.invalid', `color ${quoted(input.color)} is not a hex colour such as "#49BED8".`);
  }
}

/**
 * camelCase input → Cronofy's snake_case body, field by field, so nothing lands in the wrong
 * place. Nested objects whose field names already match Cronofy's (location, reminders,
 * subscriptions) are copied as GraphQL coerced them: they hold only declared fields.
 */
function eventBody(input: EventFields): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  body.summary = input.summary;
  copy(body, 'description', input.description);
  body.start = boundary(input.start, input.startTzid);
  body.end = boundary(input.end, input.endTzid);
  copy(body, 'tzid', input.tzid);
  copy(body, 'location', input.location);
  copy(body, 'url', input.url);
  copy(body, 'reminders', input.reminders);
  copy(body, 'reminders_create_only', input.remindersCreateOnly);
  copy(body, 'event_private', input.eventPrivate);
  copy(body, 'transparency', input.transparency);
  copy(body, 'color', input.color);
  copy(
    body,
    'attendees',
    mapPresent(input.attendees, (a) => {
      const attendees: Record<string, unknown> = {};
      copy(
        attendees,
        'invite',
        mapPresent(a.invite, (list) => list.map(attendee)),
      );
      copy(
        attendees,
        'reject',
        mapPresent(a.reject, (list) => list.map(attendee)),
      );
      return attendees;
    }),
  );
  copy(
    body,
    'conferencing',
    mapPresent(input.conferencing, (c) => {
      const conferencing: Record<string, unknown> = { profile_id: c.profileId };
      copy(conferencing, 'provider_description', c.providerDescription);
      copy(conferencing, 'join_url', c.joinUrl);
      return conferencing;
    }),
  );
  copy(body, 'subscriptions', input.subscriptions);
  copy(
    body,
    'recurrence',
    mapPresent(input.recurrence, (r) => ({
      rules: r.rules.map((rule) => {
        const out: Record<string, unknown> = { frequency: rule.frequency };
        copy(out, 'by_day', rule.byDay);
        copy(out, 'interval', rule.interval);
        return out;
      }),
    })),
  );
  return body;
}

function attendee(a: Attendee): Record<string, unknown> {
  const out: Record<string, unknown> = { email: a.email };
  copy(out, 'display_name', a.displayName);
  return out;
}

/** Converts a value the caller gave, keeping "absent" absent and `null` null. */
function mapPresent<T, R>(value: T | null | undefined, convert: (value: T) => R): R | null | undefined {
  return value == null ? (value as null | undefined) : convert(value);
}
