import { describe, expect, it } from 'vitest';
import { parseDate, parseEventTime, parseInstant } from '../../../src/entries/time.js';

describe('instants', () => {
  it.each([
    ['2014-08-05T15:30:00Z', '2014-08-05T15:30:00Z'],
    ['2014-08-05T16:30:00+01:00', '2014-08-05T15:30:00Z'],
    ['2014-08-05T10:00:00-05:30', '2014-08-05T15:30:00Z'],
    ['2014-08-05T00:30:00+01:00', '2014-08-04T23:30:00Z'],
    ['2014-08-05T15:30:00.000Z', '2014-08-05T15:30:00Z'],
    ['2014-08-05t15:30:00z', '2014-08-05T15:30:00Z'],
    ['0045-03-15T12:00:00Z', '0045-03-15T12:00:00Z'],
    ['0099-12-31T23:30:00-01:00', '0100-01-01T00:30:00Z'],
  ])('%s → %s', (input, expected) => expect(parseInstant(input)).toBe(expected));

  it.each([
    ['2014-08-05T15:30:00.123Z', 'whole seconds only'],
    ['2014-08-05T15:30:00', 'is not an instant'],
    ['2014-08-05 15:30:00Z', 'is not an instant'],
    ['2014-02-30T15:30:00Z', 'does not exist'],
    ['2014-08-05T24:00:00Z', 'not a time of day'],
    ['2014-08-05T15:30:00+25:00', 'impossible offset'],
    ['2014-08-05', 'is not an instant'],
    ['0000-01-01T00:30:00+01:00', 'outside the years 0000-9999'],
  ])('refuses %s (%s)', (input, reason) => expect(() => parseInstant(input)).toThrow(reason));
});

describe('dates and event times', () => {
  it('keeps real dates and refuses impossible ones', () => {
    expect(parseDate('2024-02-29')).toBe('2024-02-29');
    expect(() => parseDate('2023-02-29')).toThrow('does not exist');
    expect(() => parseDate('2023-2-1')).toThrow('is not a date');
  });

  it('takes either form for events', () => {
    expect(parseEventTime('2014-08-05')).toBe('2014-08-05');
    expect(parseEventTime('2014-08-05T16:30:00+01:00')).toBe('2014-08-05T15:30:00Z');
  });
});

describe('instants already in Cronofy’s form', () => {
  it.each(['2024-02-29T23:59:59Z', '2000-02-29T00:00:00Z', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z'])('keeps %s as it is', (text) =>
    expect(parseInstant(text)).toBe(text),
  );

  it.each([
    ['2023-02-29T12:00:00Z', 'does not exist'],
    ['1900-02-29T12:00:00Z', 'does not exist'],
    ['2014-04-31T12:00:00Z', 'does not exist'],
    ['2014-13-01T12:00:00Z', 'does not exist'],
    ['2014-00-10T12:00:00Z', 'does not exist'],
    ['2014-08-05T15:60:00Z', 'not a time of day'],
    ['2014-08-05T15:30:60Z', 'not a time of day'],
  ])('still refuses %s (%s)', (text, reason) => expect(() => parseInstant(text)).toThrow(reason));
});
