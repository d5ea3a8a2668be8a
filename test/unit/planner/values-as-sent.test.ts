import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/planner/analyze.js';
import { schema } from '../../../src/schema/index.js';

const analysisOf = (text: string) => analyze(schema, parse(text), null)!;
const NO_DEFAULTS = analysisOf('mutation($a: DeleteEventInput!, $b: DeleteEventInput) { a: deleteEvent(input: $a) { __typename } }');
const DEFAULTS = analysisOf(
  'mutation($a: DeleteEventInput!, $b: DeleteEventInput = { calendarId: "cal_1", eventId: "d" }) { a: deleteEvent(input: $a) { __typename } }',
);
const a = { calendarId: 'cal_1', eventId: 'a' };

describe('OperationAnalysis.valuesAsSent: the declared variables as sent, defaults filled in', () => {
  it('holds the declared variables sent, and no other', () => {
    expect(NO_DEFAULTS.valuesAsSent({ a })).toEqual({ a });
    expect(NO_DEFAULTS.valuesAsSent({ a, b: null })).toEqual({ a, b: null });
    expect(NO_DEFAULTS.valuesAsSent({ a, c: 'undeclared' })).toEqual({ a });
    const inherited = NO_DEFAULTS.valuesAsSent(Object.assign(Object.create({ c: 'inherited' }), { a }))!;
    expect(inherited).toEqual({ a });
    expect('c' in inherited).toBe(false);
    expect('a' in NO_DEFAULTS.valuesAsSent(Object.create({ a }))!).toBe(false);
    expect(NO_DEFAULTS.valuesAsSent(undefined)).toEqual({});
  });

  it('fills in a missing variable with its default, not one sent as null', () => {
    expect(DEFAULTS.valuesAsSent({ a })).toEqual({ a, b: { calendarId: 'cal_1', eventId: 'd' } });
    expect(DEFAULTS.valuesAsSent({ a, b: null })).toEqual({ a, b: null });
  });
});
