import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ResourceOrder } from '../../../src/batcher/resource-order.js';

const same = (resource: string) => resource;

describe('ResourceOrder', () => {
  it('lets writes to distinct resources go together, in the order they came, up to the limit', () => {
    const order = new ResourceOrder();
    expect(order.next(['event:a', 'event:b', 'event:c', 'event:d'], 3, same)).toEqual([0, 1, 2]);
  });

  it('never puts two writes to one resource in a call, and lets nothing overtake a write held back', () => {
    const order = new ResourceOrder();
    expect(order.next(['event:a', 'event:b', 'event:a', 'event:c', 'event:a'], 50, same)).toEqual([0, 1, 3]);
    // The later writes to `a` stay behind the first one, whatever the limit.
    expect(order.next(['event:a', 'event:a', 'event:a'], 50, same)).toEqual([0]);
  });

  it('holds back writes to a resource while a call writing it is in flight, until that call settles', () => {
    const order = new ResourceOrder();
    order.sent('event:a');
    expect(order.idle).toBe(false);
    expect(order.next(['event:a', 'event:b'], 50, same)).toEqual([1]);
    order.settled('event:a');
    expect(order.idle).toBe(true);
    expect(order.next(['event:a', 'event:b'], 50, same)).toEqual([0, 1]);
  });

  it('counts a resource in flight once per call: it is free only when every call writing it has settled', () => {
    const order = new ResourceOrder();
    order.sent('event:a');
    order.sent('event:a');
    order.settled('event:a');
    expect(order.next(['event:a'], 50, same)).toEqual([]);
    order.settled('event:a');
    expect(order.next(['event:a'], 50, same)).toEqual([0]);
  });

  it('orders the bulk delete of available periods against every available period, and nothing else', () => {
    const order = new ResourceOrder();
    const waiting = ['available-period:x', 'available-period', 'available-period:y', 'event:available-period', 'available-period:x2'];
    expect(order.next(waiting, 50, same)).toEqual([0, 3]);
    order.sent('available-period:x');
    // The bulk delete waits for the period in flight; the periods behind it wait for the bulk delete.
    expect(order.next(waiting.slice(1), 50, same)).toEqual([2]);
    order.settled('available-period:x');
    expect(order.next(waiting.slice(1), 50, same)).toEqual([0, 2]);
    order.sent('available-period');
    expect(order.next(['available-period:y', 'event:z'], 50, same)).toEqual([1]);
  });

  it('holds a bulk delete back behind every available period in flight, however many come and go around it', () => {
    const order = new ResourceOrder();
    order.sent('available-period:x');
    expect(order.next(['available-period', 'event:a'], 50, same)).toEqual([1]);
    // Periods sent and settled after the bulk delete was first held back still hold it back.
    order.sent('available-period:y');
    order.settled('available-period:x');
    expect(order.next(['available-period'], 50, same)).toEqual([]);
    order.sent('available-period:z');
    order.settled('available-period:y');
    expect(order.next(['available-period'], 50, same)).toEqual([]);
    order.sent('event:a');
    order.settled('available-period:z');
    expect(order.next(['available-period'], 50, same)).toEqual([0]);
    order.settled('event:a');
    // Once everything has settled and a bulk delete has come and gone, a period in flight holds the next one back.
    order.sent('available-period');
    order.settled('available-period');
    order.sent('available-period:w');
    order.sent('available-period:w');
    expect(order.next(['available-period', 'available-period:v'], 50, same)).toEqual([]);
    order.settled('available-period:w');
    expect(order.next(['available-period', 'available-period:v'], 50, same)).toEqual([]);
    order.settled('available-period:w');
    expect(order.next(['available-period', 'available-period:v'], 50, same)).toEqual([0]);
  });

  it('holds every available period back behind a bulk delete ahead of it, sent or not', () => {
    const order = new ResourceOrder();
    order.sent('event:a');
    expect(order.next(['event:b', 'available-period', 'available-period:x', 'event:c'], 50, same)).toEqual([0, 1, 3]);
    order.sent('available-period');
    order.sent('available-period');
    order.settled('available-period');
    expect(order.next(['available-period:x', 'event:a', 'event:c'], 50, same)).toEqual([2]);
  });

  it('orders the whole of a family it does not know against each of its members, as it does available periods', () => {
    const order = new ResourceOrder();
    expect(order.next(['room:1', 'room', 'room:2', 'event:room'], 50, same)).toEqual([0, 3]);
    order.sent('room:1');
    expect(order.next(['room', 'room:2'], 50, same)).toEqual([]);
    expect(order.next(['room:2', 'room'], 50, same)).toEqual([0]);
    order.settled('room:1');
    order.sent('room');
    expect(order.next(['room:3', 'desk:1'], 50, same)).toEqual([1]);
  });

  it('holds back a second write to the resource at the head even when the call has room for one only', () => {
    const order = new ResourceOrder();
    expect(order.next(['event:a', 'event:a', 'event:b'], 1, same)).toEqual([0]);
    expect(order.next(['event:a', 'event:a', 'event:b'], 2, same)).toEqual([0, 2]);
    order.sent('event:a');
    expect(order.next(['event:a', 'event:a', 'event:b'], 1, same)).toEqual([2]);
  });

  it('reads resources through the function given, so a queue of any shape can be ordered', () => {
    const order = new ResourceOrder();
    const waiting = [{ write: { resource: 'event:a' } }, { write: { resource: 'event:a' } }];
    expect(order.next(waiting, 50, (w) => w.write.resource)).toEqual([0]);
  });

  it('takes what `next` would choose and counts it in flight, as `sent` would, and frees it when the call is done', () => {
    const resources = fc.constantFrom('event:a', 'event:b', 'event:c', 'available-period', 'available-period:x', 'available-period:y');
    fc.assert(
      fc.property(
        fc.array(resources, { maxLength: 4 }),
        fc.array(resources, { maxLength: 12 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(resources, { minLength: 1, maxLength: 6 }),
        (inFlight, waiting, limit, probe) => {
          const taking = new ResourceOrder();
          const sending = new ResourceOrder();
          for (const resource of inFlight) [taking, sending].forEach((order) => order.sent(resource));
          const positions = sending.next(waiting, limit, same);
          expect(taking.take(waiting, limit, same)).toEqual(positions);
          for (const position of positions) sending.sent(waiting[position]!);
          expect(taking.next(probe, 50, same)).toEqual(sending.next(probe, 50, same));
          expect(taking.idle).toBe(sending.idle);
          taking.done(
            positions.map((position) => waiting[position]!),
            same,
          );
          for (const position of positions) sending.settled(waiting[position]!);
          expect(taking.next(probe, 50, same)).toEqual(sending.next(probe, 50, same));
          expect(taking.idle).toBe(sending.idle);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
