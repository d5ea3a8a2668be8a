import { boundary, copy, zone } from './body.js';
import { Checks, quoted } from './checks.js';
import { type Built, resourceOf, type WriteIds } from './write.js';

/**
 * The caller's input for event writes, as GraphQL hands it over: an absent field is an absent
 * key (left unchanged upstream). `null` is sent only for `url`, where Cronofy gives it a meaning
 * (removes the URL); `reminders`, `subscriptions` and `recurrence` take it as "clear" and send
 * Cronofy's documented clearing value; anywhere else it is refused before sending.
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
  extendedTransparency?: string | null;
  color?: string | null;
  attendees?: { invite?: Attendee[] | null; reject?: Attendee[] | null } | null;
  conferencing?: { profileId: string; providerDescription?: string | null; joinUrl?: string | null } | null;
  subscriptions?: Subscription[] | null;
  recurrence?: { rules: { frequency: string; byDay?: string[] | null; interval?: number | null }[] } | null;
  attachments?: { attachmentId: string }[] | null;
  locale?: string | null;
}

export interface Attendee {
  email: string;
  displayName?: string | null;
}

export interface Subscription {
  type: 'webhook';
  uri: string;
  interactions?: { type: string }[] | null;
  transitions?: Transition[] | null;
}

/** Event Triggers: a moment relative to the event's start or end, `before` or `after` it. */
export interface Transition {
  before?: 'event_start' | 'event_end' | null;
  after?: 'event_start' | 'event_end' | null;
  offset: { minutes: number };
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
}

export interface DeleteExternalEventInput {
  calendarId: string;
  eventUid: string;
}

/**
 * Every field of the four event requests as Cronofy names it (nested fields dotted, list items
 * left out), for reading Cronofy's 422 bodies back onto the schema's fields.
 */
const EVENT_BODY_FIELDS = [
  'summary',
  'description',
  'start',
  'start.time',
  'start.tzid',
  'end',
  'end.time',
  'end.tzid',
  'tzid',
  'location',
  'location.description',
  'location.lat',
  'location.long',
  'url',
  'reminders',
  'reminders.minutes',
  'reminders_create_only',
  'event_private',
  'transparency',
  'extended_transparency',
  'color',
  'attendees',
  'attendees.invite',
  'attendees.invite.email',
  'attendees.invite.display_name',
  'attendees.reject',
  'attendees.reject.email',
  'attendees.reject.display_name',
  'conferencing',
  'conferencing.profile_id',
  'conferencing.provider_description',
  'conferencing.join_url',
  'subscriptions',
  'subscriptions.type',
  'subscriptions.uri',
  'subscriptions.interactions',
  'subscriptions.interactions.type',
  'subscriptions.transitions',
  'subscriptions.transitions.before',
  'subscriptions.transitions.after',
  'subscriptions.transitions.offset',
  'subscriptions.transitions.offset.minutes',
  'recurrence',
  'recurrence.rules',
  'recurrence.rules.frequency',
  'recurrence.rules.by_day',
  'recurrence.rules.interval',
  'attachments',
  'attachments.attachment_id',
  'locale',
];

export const EVENT_FIELDS: Record<'upsertEvent' | 'deleteEvent' | 'editExternalEvent' | 'deleteExternalEvent', readonly string[]> = {
  upsertEvent: ['calendar_id', 'event_id', ...EVENT_BODY_FIELDS],
  editExternalEvent: ['calendar_id', 'event_uid', ...EVENT_BODY_FIELDS],
  deleteEvent: ['calendar_id', 'event_id'],
  deleteExternalEvent: ['calendar_id', 'event_uid'],
};

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
  const ids = { calendarId: input.calendarId, eventId: input.eventId };
  return build('deleteEvent', checks, 'DELETE', ids, { event_id: input.eventId });
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
  checkNulls(checks, input);
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
  input.subscriptions?.forEach((subscription, i) => checkSubscription(checks, `subscriptions[${i}]`, subscription));
  input.recurrence?.rules.forEach((rule, i) => {
    if (rule.byDay != null && rule.frequency !== 'weekly') {
      checks.fail(
        `recurrence.rules[${i}].byDay`,
        'errors.invalid',
        `recurrence.rules[${i}].byDay is for WEEKLY rules only; this rule is ${rule.frequency.toUpperCase()}.`,
      );
    }
  });
  input.attachments?.forEach((attachment, i) => checks.notBlank(`attachments[${i}].attachmentId`, attachment.attachmentId));
}

/** A subscription needs something to be notified of: interactions, transitions (Event Triggers), or both. */
function checkSubscription(checks: Checks, path: string, subscription: Subscription): void {
  if (!URL.canParse(subscription.uri)) {
    checks.fail(
      `${path}.uri`,
      'errors.invalid',
      `${path}.uri ${quoted(subscription.uri)} is not an absolute URL such as "https://example.com/hooks".`,
    );
  }
  if (!subscription.interactions?.length && !subscription.transitions?.length) {
    checks.fail(
      path,
      'errors.required',
      `${path} has neither interactions nor transitions: give at least one interaction (conferencing) or transition (Event Triggers), or both.`,
    );
  }
  subscription.transitions?.forEach((transition, i) => {
    const at = `${path}.transitions[${i}]`;
    if ((transition.before == null) === (transition.after == null)) {
      checks.fail(
        at,
        'errors.invalid',
        `${at} must give exactly one of before and after (the point it is relative to), ${transition.before == null ? 'not neither' : 'not both'}.`,
      );
    }
  });
}

const KEEP = 'or leave it out to keep what the event has';

/**
 * `null` is refused wherever Cronofy gives it no meaning, naming what to send instead. `url`
 * (null removes the URL) and the lists with a documented clearing value (`reminders`,
 * `subscriptions`, `recurrence`: see `eventBody`) take it.
 */
function checkNulls(checks: Checks, input: EventFields): void {
  checks.notNull('description', input.description, `send a string ("" for none), ${KEEP}.`);
  checks.notNull('startTzid', input.startTzid, 'name a zone such as "Europe/London", or leave startTzid out to send start as a UTC time.');
  checks.notNull('endTzid', input.endTzid, 'name a zone such as "Europe/London", or leave endTzid out to send end as a UTC time.');
  checks.notNull('tzid', input.tzid, `name a zone such as "Etc/UTC", ${KEEP}.`);
  if (
    !checks.notNull('location', input.location, `send { description, lat, long }, ${KEEP}; Cronofy documents no way to remove a location.`)
  ) {
    // Each message is made only for a null: made for every write, they were most of what its checks allocated.
    for (const key of ['description', 'lat', 'long'] as const) {
      if (input.location?.[key] === null) checks.notNull(`location.${key}`, null, `send a string, or leave location.${key} out.`);
    }
  }
  checks.notNull('remindersCreateOnly', input.remindersCreateOnly, 'send true or false, or leave it out.');
  checks.notNull('eventPrivate', input.eventPrivate, `send true or false, ${KEEP}.`);
  checks.notNull('transparency', input.transparency, `send OPAQUE or TRANSPARENT, ${KEEP}.`);
  checks.notNull('extendedTransparency', input.extendedTransparency, `send one of its values, ${KEEP}.`);
  checks.notNull('color', input.color, `send a hex colour such as "#49BED8", ${KEEP}.`);
  if (!checks.notNull('attendees', input.attendees, 'send { invite, reject }, or leave it out to leave the attendees as they are.')) {
    for (const list of ['invite', 'reject'] as const) {
      const attendees = input.attendees?.[list];
      if (attendees === null) checks.notNull(`attendees.${list}`, null, `send a list ([] for nobody), or leave attendees.${list} out.`);
      attendees?.forEach((a, i) => {
        if (a.displayName === null) checks.notNull(`attendees.${list}[${i}].displayName`, null, 'send a name, or leave displayName out.');
      });
    }
  }
  if (
    !checks.notNull(
      'conferencing',
      input.conferencing,
      'send { profileId, … }, or leave it out to keep what the event has; Cronofy documents no way to remove conferencing.',
    )
  ) {
    checks.notNull('conferencing.providerDescription', input.conferencing?.providerDescription, 'send a string, or leave it out.');
    checks.notNull('conferencing.joinUrl', input.conferencing?.joinUrl, 'send a URL, or leave it out.');
  }
  input.subscriptions?.forEach((subscription, i) => {
    checks.notNull(`subscriptions[${i}].interactions`, subscription.interactions, 'send a list, or leave interactions out.');
    checks.notNull(`subscriptions[${i}].transitions`, subscription.transitions, 'send a list, or leave transitions out.');
    subscription.transitions?.forEach((transition, j) => {
      for (const key of ['before', 'after'] as const) {
        const other = key === 'before' ? 'after' : 'before';
        checks.notNull(`subscriptions[${i}].transitions[${j}].${key}`, transition[key], `leave ${key} out and give ${other} alone.`);
      }
    });
  });
  input.recurrence?.rules.forEach((rule, i) => {
    checks.notNull(`recurrence.rules[${i}].byDay`, rule.byDay, 'send a list of days, or leave byDay out.');
    checks.notNull(`recurrence.rules[${i}].interval`, rule.interval, 'send a whole number, or leave interval out (every period).');
  });
  checks.notNull('attachments', input.attachments, `send a list of { attachmentId }, ${KEEP}.`);
  checks.notNull('locale', input.locale, `send a language code such as "en", ${KEEP}.`);
}

/**
 * camelCase input → Cronofy's snake_case body, field by field, so nothing lands in the wrong
 * place. `null` reaches here only where it means something: `url` (sent as null), and the three
 * lists Cronofy clears with an empty value, which is what is sent.
 */
function eventBody(input: EventFields): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  body.summary = input.summary;
  copy(body, 'description', input.description);
  body.start = boundary(input.start, input.startTzid);
  body.end = boundary(input.end, input.endTzid);
  if (input.tzid != null) body.tzid = zone(input.tzid);
  copy(
    body,
    'location',
    mapPresent(input.location, (l) => {
      const location: Record<string, unknown> = {};
      copy(location, 'description', l.description);
      copy(location, 'lat', l.lat);
      copy(location, 'long', l.long);
      return location;
    }),
  );
  copy(body, 'url', input.url);
  copy(body, 'reminders', input.reminders === null ? [] : input.reminders?.map((r) => ({ minutes: r.minutes })));
  copy(body, 'reminders_create_only', input.remindersCreateOnly);
  copy(body, 'event_private', input.eventPrivate);
  copy(body, 'transparency', input.transparency);
  copy(body, 'extended_transparency', input.extendedTransparency);
  copy(body, 'color', input.color);
  copy(
    body,
    'attendees',
    mapPresent(input.attendees, (a) => {
      const attendees: Record<string, unknown> = {};
      copy(attendees, 'invite', a.invite?.map(attendee));
      copy(attendees, 'reject', a.reject?.map(attendee));
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
  copy(body, 'subscriptions', input.subscriptions === null ? [] : input.subscriptions?.map(subscription));
  copy(
    body,
    'recurrence',
    input.recurrence === null
      ? { rules: [] }
      : mapPresent(input.recurrence, (r) => ({
          rules: r.rules.map((rule) => {
            const out: Record<string, unknown> = { frequency: rule.frequency };
            copy(out, 'by_day', rule.byDay);
            copy(out, 'interval', rule.interval);
            return out;
          }),
        })),
  );
  copy(
    body,
    'attachments',
    input.attachments?.map((a) => ({ attachment_id: a.attachmentId })),
  );
  copy(body, 'locale', input.locale);
  return body;
}

function attendee(a: Attendee): Record<string, unknown> {
  const out: Record<string, unknown> = { email: a.email };
  copy(out, 'display_name', a.displayName);
  return out;
}

function subscription(s: Subscription): Record<string, unknown> {
  const out: Record<string, unknown> = { type: s.type, uri: s.uri };
  copy(
    out,
    'interactions',
    s.interactions?.map((i) => ({ type: i.type })),
  );
  copy(
    out,
    'transitions',
    s.transitions?.map((t) => {
      const transition: Record<string, unknown> = {};
      copy(transition, 'before', t.before);
      copy(transition, 'after', t.after);
      transition.offset = { minutes: t.offset.minutes };
      return transition;
    }),
  );
  return out;
}

/** Converts a value the caller gave, keeping "absent" absent. */
function mapPresent<T, R>(value: T | null | undefined, convert: (value: T) => R): R | undefined {
  return value == null ? undefined : convert(value);
}
