import type { Account } from './accounts.js';
import { type Errors, isZone, Validator } from './validation.js';

export interface SimulatedResult {
  status: number;
  data?: { errors: Errors };
}

const EVENTS_URL = /^\/v1\/calendars\/([^/?#]+)\/events$/;

/**
 * Applies one batch entry to an account as Cronofy documents it: 202 on success, 422 with
 * `{"errors": {...}}` for invalid bodies, 404 for an unknown calendar or external event, or for a
 * request the batch endpoint does not support; 403 and 402 where the account lacks the
 * permission or plan.
 */
export function applyEntry(account: Account, entry: unknown): SimulatedResult {
  if (typeof entry !== 'object' || entry === null) return invalid('batch', 'errors.invalid', 'each batch entry must be an object');
  const { method, relative_url: url, data } = entry as { method?: unknown; relative_url?: unknown; data?: unknown };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return invalid('data', 'errors.invalid', 'data must be an object, not a JSON-encoded string');
  }
  const body = data as Record<string, unknown>;
  const events = typeof url === 'string' ? EVENTS_URL.exec(url) : null;
  if (events) {
    let calendarId: string;
    try {
      calendarId = decodeURIComponent(events[1]!);
    } catch {
      return { status: 404 };
    }
    const calendar = account.calendars.get(calendarId);
    if (!calendar) return { status: 404 };
    if (method === 'POST')
      return 'event_id' in body || !('event_uid' in body) ? upsertEvent(calendar, body) : editExternal(account, calendar, body);
    if (method === 'DELETE') return deleteEvent(account, calendar, body);
  }
  if (url === '/v1/available_periods') {
    if (account.plan !== 'emerging') return { status: 402 };
    if (method === 'POST') return upsertAvailablePeriod(account, body);
    if (method === 'DELETE') return deleteAvailablePeriod(account, body);
  }
  return { status: 404 };
}

type Calendar = Account['calendars'] extends Map<string, infer C> ? C : never;

function upsertEvent(calendar: Calendar, body: Record<string, unknown>): SimulatedResult {
  const v = new Validator();
  v.required(body, 'event_id');
  v.string(body, 'event_id');
  const fields = checkEventBody(v, body);
  if (!v.ok) return { status: 422, data: { errors: v.errors } };
  const id = body.event_id as string;
  calendar.events.set(id, merge(calendar.events.get(id) ?? {}, fields));
  return { status: 202 };
}

function editExternal(account: Account, calendar: Calendar, body: Record<string, unknown>): SimulatedResult {
  if (!account.elevated) return { status: 403 };
  const event = calendar.externalEvents.get(String(body.event_uid));
  if (!event) return { status: 404 };
  if (!event.canUpdate) return { status: 403 };
  const v = new Validator();
  const fields = checkEventBody(v, body);
  if (!v.ok) return { status: 422, data: { errors: v.errors } };
  event.body = merge(event.body, fields);
  return { status: 202 };
}

function deleteEvent(account: Account, calendar: Calendar, body: Record<string, unknown>): SimulatedResult {
  if ('event_uid' in body && !('event_id' in body)) {
    if (!account.elevated) return { status: 403 };
    const event = calendar.externalEvents.get(String(body.event_uid));
    if (!event) return { status: 404 };
    if (!event.canDelete) return { status: 403 };
    calendar.externalEvents.delete(String(body.event_uid));
    return { status: 202 };
  }
  const v = new Validator();
  v.required(body, 'event_id');
  if (!v.ok) return { status: 422, data: { errors: v.errors } };
  // Deleting an event that is already gone is not an error: deletes converge.
  calendar.events.delete(String(body.event_id));
  return { status: 202 };
}

function upsertAvailablePeriod(account: Account, body: Record<string, unknown>): SimulatedResult {
  const v = new Validator();
  checkAvailablePeriodId(v, body);
  v.ends(v.time(body, 'start', false), v.time(body, 'end', false));
  if (!v.ok) return { status: 422, data: { errors: v.errors } };
  const id = body.available_period_id as string;
  account.availablePeriods.set(id, { ...body });
  return { status: 202 };
}

/** With `delete_all` (Bulk Delete Available Periods), every period of the account; otherwise the one named. */
function deleteAvailablePeriod(account: Account, body: Record<string, unknown>): SimulatedResult {
  if ('delete_all' in body) {
    // "When specified must be true."
    if (body.delete_all !== true) return invalid('delete_all', 'errors.invalid', 'delete_all must be true');
    account.availablePeriods.clear();
    return { status: 202 };
  }
  const v = new Validator();
  checkAvailablePeriodId(v, body);
  if (!v.ok) return { status: 422, data: { errors: v.errors } };
  account.availablePeriods.delete(body.available_period_id as string);
  return { status: 202 };
}

function checkAvailablePeriodId(v: Validator, body: Record<string, unknown>): void {
  if (!v.required(body, 'available_period_id')) return;
  const id = body.available_period_id;
  if (typeof id !== 'string' || !/^[\x00-\x7f]*$/.test(id))
    v.add('available_period_id', 'errors.invalid', 'available_period_id must be ASCII');
  else v.string(body, 'available_period_id', 64);
}

/** Upsert and external edit take the same fields. */
function checkEventBody(v: Validator, body: Record<string, unknown>): Record<string, unknown> {
  v.required(body, 'summary');
  v.string(body, 'summary', 1024);
  v.string(body, 'description', 4096);
  v.ends(v.time(body, 'start', true), v.time(body, 'end', true));
  if (body.tzid !== undefined && (typeof body.tzid !== 'string' || !isZone(body.tzid))) {
    v.add('tzid', 'errors.invalid', 'tzid must be a known time zone');
  }
  checkSubscriptions(v, body.subscriptions);
  const { event_id: _id, event_uid: _uid, ...fields } = body;
  return fields;
}

/** Each subscription is notified of interactions, transitions (Event Triggers) or both; a transition is `before` or `after` a point. */
function checkSubscriptions(v: Validator, subscriptions: unknown): void {
  if (subscriptions === undefined) return;
  if (!Array.isArray(subscriptions)) return v.add('subscriptions', 'errors.invalid', 'subscriptions must be an array');
  for (const subscription of subscriptions as Array<Record<string, unknown>>) {
    const { interactions, transitions } = subscription ?? {};
    const has = (list: unknown) => Array.isArray(list) && list.length > 0;
    if (!has(interactions) && !has(transitions)) {
      v.add('subscriptions', 'errors.required', 'subscriptions must have interactions or transitions');
    }
    for (const transition of Array.isArray(transitions) ? (transitions as Array<Record<string, unknown>>) : []) {
      const points = ['before', 'after'].filter((key) => transition?.[key] === 'event_start' || transition?.[key] === 'event_end');
      if (points.length !== 1 || typeof (transition.offset as { minutes?: unknown })?.minutes !== 'number') {
        v.add(
          'subscriptions',
          'errors.invalid',
          'each transition needs one of before or after (event_start or event_end) and offset.minutes',
        );
      }
    }
  }
}

/** Absent fields stay as they were; `null` removes a field. */
function merge(existing: Record<string, unknown>, fields: Record<string, unknown>): Record<string, unknown> {
  const next = { ...existing };
  for (const [key, value] of Object.entries(fields)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}

function invalid(field: string, key: string, description: string): SimulatedResult {
  return { status: 422, data: { errors: { [field]: [{ key, description }] } } };
}
