import { getNamedType, type GraphQLInputObjectType, isInputObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { EVENT_FIELDS } from '../../../src/entries/events.js';
import { schemaFieldOf } from '../../../src/entries/field-names.js';
import { schema } from '../../../src/schema/index.js';

/** Every input field path of a type, nested fields dotted: `location`, `location.lat`, … */
function paths(type: GraphQLInputObjectType, prefix = ''): string[] {
  return Object.values(type.getFields()).flatMap((field) => {
    const path = `${prefix}${field.name}`;
    const named = getNamedType(field.type);
    return isInputObjectType(named) ? [path, ...paths(named, `${path}.`)] : [path];
  });
}

describe("Cronofy's field names and the schema's stay one to one", () => {
  it.each([
    ['upsertEvent', 'UpsertEventInput'],
    ['editExternalEvent', 'EditExternalEventInput'],
    ['deleteEvent', 'DeleteEventInput'],
    ['deleteExternalEvent', 'DeleteExternalEventInput'],
  ] as const)('%s: every input field is a Cronofy field a 422 can name, and every Cronofy field is an input field', (kind, typeName) => {
    const input = schema.getType(typeName) as GraphQLInputObjectType;
    const sentWithZones = { start: { time: 't', tzid: 'z' }, end: { time: 't', tzid: 'z' } };
    const fromCronofy = EVENT_FIELDS[kind].map((name) => schemaFieldOf(kind, name, sentWithZones, 'start.tzid is unknown'));
    expect(fromCronofy.filter((f) => !f.inSchema)).toEqual([]);
    // start/end's own errors land on start/end when not about the zone; here every one is about it.
    const reached = new Set([...fromCronofy.map((f) => f.field), ...(kind.startsWith('delete') ? [] : ['start', 'end'])]);
    expect(new Set(paths(input))).toEqual(reached);
  });
});
