import { describe, expect, it } from 'vitest';
import { Turn, Waiting } from '../../../src/batcher/waiting.js';
import { UpstreamError } from '../../../src/cronofy/errors.js';
import { deleteWrite } from '../../support/writes.js';

describe('Waiting', () => {
  it('takes only its first answer: a call that fails after answering some writes cannot answer them twice', () => {
    let resolved: Array<unknown> | undefined;
    const turn = new Turn(2, 0, (results) => (resolved = results));
    const [a, b] = [0, 1].map((position) => new Waiting(deleteWrite(position)).in(turn, position));
    a!.settle({ status: 202 });
    a!.settle(new UpstreamError('UPSTREAM_UNAVAILABLE', 'late failure'));
    expect(resolved).toBeUndefined();
    b!.settle(new UpstreamError('UPSTREAM_UNAVAILABLE', 'failed'));
    b!.settle({ status: 202 });
    expect(resolved).toHaveLength(2);
    expect(resolved![0]).toEqual({ status: 202 });
    expect(resolved![1]).toBeInstanceOf(UpstreamError);
  });

  it("answers a turn's writes each at its own position, once the last of them is answered", () => {
    let resolved: Array<unknown> | undefined;
    const turn = new Turn(3, 0, (results) => (resolved = results));
    const writes = [0, 1, 2].map((position) => new Waiting(deleteWrite(position)).in(turn, position));
    writes[2]!.settle({ status: 202, n: 2 } as never);
    writes[0]!.settle({ status: 202, n: 0 } as never);
    expect(resolved).toBeUndefined();
    writes[1]!.settle({ status: 202, n: 1 } as never);
    expect(resolved).toEqual([
      { status: 202, n: 0 },
      { status: 202, n: 1 },
      { status: 202, n: 2 },
    ]);
  });

  it("keeps whether it waits in its queue apart from whether it is answered, and shares its turn's deadline", () => {
    const turn = new Turn(1, 1_234, () => {});
    const waiting = new Waiting(deleteWrite(0)).in(turn, 0);
    expect(waiting.deadline).toBe(1_234);
    waiting.queued = true;
    waiting.settle({ status: 202 });
    expect(waiting.queued).toBe(true);
    waiting.queued = false;
    waiting.queued = false;
    expect(waiting.queued).toBe(false);
    waiting.queued = true;
    expect(waiting.queued).toBe(true);
  });
});
