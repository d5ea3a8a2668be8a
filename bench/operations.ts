/** The requests the benchmark sends: GraphQL operations for the layer, raw batches for the simulator. */

import { createHash } from 'node:crypto';

const START = '2026-12-07T09:00:00Z';
const END = '2026-12-07T10:00:00Z';
const CALENDAR = 'cal_1';

/** What a frontend selects: the type, the ids it wrote, or why not. */
const SELECTION = '{ __typename ... on UpsertEventSuccess { eventId status } ... on Error { message } }';

/**
 * `n` upsertEvent fields with one variable each: the document is the same on every request,
 * as a real client sends it, so the server's parse and validation caches apply.
 */
export function stableOperation(n: number): string {
  return JSON.stringify(stableDocument(n));
}

/** The text and variables of `stableOperation`; `name` names the operation, so that each name is another document. */
export function stableDocument(n: number, name = 'Plan'): { query: string; variables: Record<string, unknown> } {
  const definitions = Array.from({ length: n }, (_, i) => `$e${i}: UpsertEventInput!`).join(', ');
  const fields = Array.from({ length: n }, (_, i) => `  f${i}: upsertEvent(input: $e${i}) ${SELECTION}`).join('\n');
  const variables = Object.fromEntries(
    Array.from({ length: n }, (_, i) => [
      `e${i}`,
      { calendarId: CALENDAR, eventId: `event-${i}`, summary: `Meeting ${i}`, start: START, end: END },
    ]),
  );
  return { query: `mutation ${name}(${definitions}) {\n${fields}\n}`, variables };
}

/**
 * Trusted documents for scenario 7: `count` 50-field documents as a manifest (`sha256:<hex>` →
 * text, as codegen writes it), and for each the body that runs it by id, as a client built with
 * the manifest sends it (GraphQL over HTTP's `documentId`, no text).
 */
export function trustedOperations(n: number, count: number): { manifest: Record<string, string>; bodies: string[] } {
  const manifest: Record<string, string> = {};
  const bodies = Array.from({ length: count }, (_, k) => {
    const { query, variables } = stableDocument(n, `Trusted${k}`);
    const documentId = `sha256:${createHash('sha256').update(query).digest('hex')}`;
    manifest[documentId] = query;
    return JSON.stringify({ documentId, variables });
  });
  return { manifest, bodies };
}

/** `n` upsertEvent fields with literal inputs that differ on every call: no cache helps the server. */
export function changingOperation(n: number, sequence: number): string {
  const fields = Array.from(
    { length: n },
    (_, i) =>
      `  f${i}: upsertEvent(input: { calendarId: "${CALENDAR}", eventId: "event-${sequence}-${i}", summary: "Meeting ${sequence} ${i}", ` +
      `start: "${START}", end: "${END}" }) ${SELECTION}`,
  ).join('\n');
  return JSON.stringify({ query: `mutation {\n${fields}\n}` });
}

/** The entries `stableOperation(n)` turns into, as a client of Cronofy's batch endpoint sends them. */
export function directBatch(n: number): string {
  return JSON.stringify({
    batch: Array.from({ length: n }, (_, i) => ({
      method: 'POST',
      relative_url: `/v1/calendars/${CALENDAR}/events`,
      data: { event_id: `event-${i}`, summary: `Meeting ${i}`, start: START, end: END },
    })),
  });
}

/**
 * One `upsertEvent` field per event id, with variables: the document depends only on how many
 * there are, so the server's caches apply while every write is new. `tzid` sets an event time zone;
 * an unknown one makes every write a ValidationError that nothing sends (a warm-up).
 */
export function writesOperation(eventIds: readonly string[], tzid?: string): string {
  const definitions = eventIds.map((_, i) => `$e${i}: UpsertEventInput!`).join(', ');
  const fields = eventIds.map((_, i) => `  f${i}: upsertEvent(input: $e${i}) { __typename }`).join('\n');
  const variables = Object.fromEntries(
    eventIds.map((eventId, i) => [
      `e${i}`,
      { calendarId: CALENDAR, eventId, summary: 'Meeting', start: START, end: END, ...(tzid && { tzid }) },
    ]),
  );
  return JSON.stringify({ query: `mutation Writes(${definitions}) {\n${fields}\n}`, variables });
}
