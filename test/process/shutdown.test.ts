import { once } from 'node:events';
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { CronofySimulator } from '../../src/simulator/index.js';
import { startServerProcess } from '../support/server-process.js';
import { ALICE, upsertOperation } from '../support/stack.js';

/**
 * SIGTERM/SIGINT as a deployment sends them: the process stops accepting, every accepted mutation
 * still reaches Cronofy and gets its answer, and only then does the process exit.
 */
const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function startProcess(latencyMs: number, shutdownTimeoutMs: number) {
  const simulator = await CronofySimulator.start({ latencyMs, accounts: [{ accessToken: ALICE, calendarIds: ['cal_1'] }] });
  cleanup.push(() => simulator.close());
  const server = await startServerProcess({ CRONOFY_API_URL: simulator.url, SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs) });
  cleanup.push(async () => server.child.exitCode === null && server.child.kill('SIGKILL'));
  const { child, url, output } = server;
  const send = (body: unknown) =>
    request(url, {
      method: 'POST',
      dispatcher: new Agent(),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ALICE}` },
      body: JSON.stringify(body),
    }).then(async (response) => ({ status: response.statusCode, body: (await response.body.json()) as any }));
  return { simulator, child, send, output };
}

describe('graceful shutdown', () => {
  it('answers the mutations in flight, refuses new requests, then exits 0', async () => {
    const { simulator, child, send, output } = await startProcess(600, 10_000);
    const inFlight = send(upsertOperation(3));
    // SIGTERM once the writes are on their way to Cronofy, however slow the machine is.
    while (simulator.receivedCalls === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 100));

    await expect(send(upsertOperation(1))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    const { status, body } = await inFlight;
    expect(status).toBe(200);
    expect(Object.values(body.data).map((r: any) => r.__typename)).toEqual(Array(3).fill('UpsertEventSuccess'));
    expect(simulator.account(ALICE).calendars.get('cal_1')!.events.size).toBe(3);
    expect((await exited)[0]).toBe(0);
    expect(output()).toContain('SIGTERM: no new requests');
  });

  it('does not wait longer than SHUTDOWN_TIMEOUT_MS for a call that hangs', async () => {
    const { simulator, child, send } = await startProcess(20_000, 300);
    const inFlight = send(upsertOperation(1)).catch((error: unknown) => error);
    while (simulator.receivedCalls === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    const exited = once(child, 'exit');
    child.kill('SIGINT');
    expect((await exited)[0]).toBe(0);
    expect(await inFlight).toMatchObject({ code: expect.stringMatching(/^UND_ERR_SOCKET|ECONNRESET$/) });
  });
});
