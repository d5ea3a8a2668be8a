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

  it('reads resources through the function given, so a queue of any shape can be ordered', () => {
    const order = new ResourceOrder();
    const waiting = [{ write: { resource: 'event:a' } }, { write: { resource: 'event:a' } }];
    expect(order.next(waiting, 50, (w) => w.write.resource)).toEqual([0]);
  });
});
