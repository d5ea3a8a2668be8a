import { request } from 'undici';
import { type Answer, type Fleet, FLEET_TOKEN_PREFIX, upsert } from '../support/fleet.js';

/**
 * A first request compiles much of the server's code: warm every instance with writes this layer
 * refuses itself (an unknown time zone), which take the whole path but the call.
 */
export async function warmUp(fleet: Fleet): Promise<void> {
  const query = `mutation { upsertEvent(input: { calendarId: "cal_1", eventId: "warm", summary: "s", start: "2026-12-07T09:00:00Z",
    end: "2026-12-07T10:00:00Z", tzid: "Not/AZone" }) { __typename } }`;
  for (let round = 0; round < 20; round++) {
    await Promise.all(
      fleet.instances.map((instance) =>
        request(instance.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${FLEET_TOKEN_PREFIX}warm` },
          body: JSON.stringify({ query }),
        }).then((response) => response.body.dump()),
      ),
    );
  }
}

/**
 * Open-loop load: `perSecond` requests a second of one write each, from `callers` callers in
 * turn, each to the next instance in turn, for `seconds`; `at(second)` runs at each whole second
 * (a fault, say). Resolves with every answer.
 */
export async function steadyLoad(
  fleet: Fleet,
  options: { callers: number; perSecond: number; seconds: number; at?: (second: number) => Promise<void> | void },
): Promise<Answer[]> {
  const pending: Array<Promise<Answer[]>> = [];
  const started = performance.now();
  let sent = 0;
  for (let second = 0; second < options.seconds; second++) {
    await options.at?.(second);
    for (let i = 0; i < options.perSecond; i++) {
      const n = sent++;
      const caller = n % options.callers;
      const instance = fleet.instances[n % fleet.instances.length]!;
      pending.push(upsert(instance.url, `${FLEET_TOKEN_PREFIX}${caller}`, [`w${n}`]));
      const due = started + ((second * options.perSecond + i + 1) * 1000) / options.perSecond;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    }
  }
  return (await Promise.all(pending)).flat();
}

/** Every write answered once, and each either applied exactly once or RATE_LIMITED and not sent. */
export function checkAnswers(fleet: Fleet, answers: Answer[]): string[] {
  const problems: string[] = [];
  const sent = new Map<string, number>();
  for (const call of fleet.simulator.calls) {
    for (const entry of call.entries as Array<{ data: { event_id: string } }>) {
      sent.set(entry.data.event_id, (sent.get(entry.data.event_id) ?? 0) + 1);
    }
  }
  for (const answer of answers) {
    const times = sent.get(answer.eventId) ?? 0;
    if (answer.outcome === 'success' && times !== 1) problems.push(`${answer.eventId} answered success, sent ${times} times`);
    if (answer.outcome === 'RATE_LIMITED' && times !== 0) problems.push(`${answer.eventId} answered RATE_LIMITED, sent ${times} times`);
    if (answer.outcome !== 'success' && answer.outcome !== 'RATE_LIMITED') problems.push(`${answer.eventId}: ${answer.outcome}`);
  }
  return problems;
}
