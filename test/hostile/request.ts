/** One GraphQL operation as a client posts it. */
export interface Operation {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/** One HTTP request to the server under attack: a JSON body as text, and who sends it. */
export interface HostileRequest {
  body: string;
  /** Sent as `Authorization: Bearer <token>`; without one, the demo account writes. */
  token?: string;
  headers?: Record<string, string>;
}

/** The simulator's demo account, which writes for requests without a token. */
export const CALENDAR = 'cal_demo_work';

/** A token the simulator does not know: every call with it is answered 401. */
export const REFUSED_TOKEN = 'hostile-refused-token';

/** One operation, or an HTTP batch (a JSON array of operations), as a request. */
export function jsonRequest(payload: Operation | Operation[] | unknown, token?: string): HostileRequest {
  return token === undefined ? { body: JSON.stringify(payload) } : { body: JSON.stringify(payload), token };
}

/** `deleteEvent` of one event of the demo calendar, with its id as a literal. */
export function deleteEventField(eventId: string, alias?: string): string {
  return `${alias ? `${alias}: ` : ''}deleteEvent(input: { calendarId: "${CALENDAR}", eventId: "${eventId}" }) { __typename }`;
}

/** A `BatchRequestInput` literal deleting one event of the demo calendar. */
export function deleteEventItem(eventId: string): string {
  return `{ deleteEvent: { calendarId: "${CALENDAR}", eventId: "${eventId}" } }`;
}

/** The same, as a variable's value. */
export function deleteEventValue(eventId: string) {
  return { deleteEvent: { calendarId: CALENDAR, eventId } };
}

/** `upsertEvent` input values Cronofy accepts. */
export function upsertEventValue(eventId: string, summary = `Hostile ${eventId}`) {
  return { calendarId: CALENDAR, eventId, summary, start: '2026-12-07T09:00:00Z', end: '2026-12-07T10:00:00Z' };
}

/** Repeats `part` `count` times joined by `separator`, for documents of thousands of parts. */
export function repeat(count: number, part: (i: number) => string, separator = ' '): string {
  return Array.from({ length: count }, (_, i) => part(i)).join(separator);
}
