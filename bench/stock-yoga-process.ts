import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { cpuUsed, serve } from './ipc.js';

/**
 * A stock Yoga server that does nothing: this schema's SDL, every mutation field a constant
 * resolver, Yoga's defaults. Scenario 7 compares what it costs with what the layer adds: the
 * layer should cost less than Yoga itself does when it has nothing to do.
 */
const schema = buildSchema(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'), { assumeValidSDL: true });
for (const field of Object.values(schema.getMutationType()!.getFields())) {
  field.resolve = () => ({ __typename: 'UpsertEventSuccess', status: 202, calendarId: 'cal_1', eventId: 'event' });
}

const yoga = createYoga({ schema, graphqlEndpoint: '/graphql', landingPage: false, graphiql: false });
const server = createServer(yoga);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

serve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, { cpu: cpuUsed }, async () => {
  server.closeAllConnections();
  server.close();
});
