import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema, type GraphQLFieldResolver } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { Agent, request } from 'undici';
import * as availablePeriods from '../src/entries/available-periods.js';
import * as events from '../src/entries/events.js';
import type { Built, WriteKind } from '../src/entries/write.js';
import { serve } from './ipc.js';

/**
 * The baseline of scenario 3: what a plain GraphQL-over-REST gateway does with this schema. Same
 * SDL, same input → entry conversion, but each mutation field's resolver sends its own one-entry
 * `POST /v1/batch`, and graphql-js runs mutation fields one after another, as the spec says.
 */
const upstream = process.env.CRONOFY_API_URL!;
const agent = new Agent({ keepAliveTimeout: 30_000, connections: 32 });
// schema.graphql is the federation SDL: its @link/@key are declared by the gateway, not in the file.
const schema = buildSchema(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'), { assumeValidSDL: true });

const { EVENT_FIELDS: _fields, ...eventBuilders } = events;
const builders: Record<WriteKind, (input: any) => Built> = { ...eventBuilders, ...availablePeriods } as never;

for (const [kind, build] of Object.entries(builders)) {
  const field = schema.getMutationType()!.getFields()[kind]!;
  const resolve: GraphQLFieldResolver<unknown, { request: Request }> = async (_root, { input }, context) => {
    const built = build(input);
    if (!built.ok) return { __typename: 'ValidationError', message: 'refused', fieldErrors: built.errors };
    const response = await request(`${upstream}/v1/batch`, {
      method: 'POST',
      dispatcher: agent,
      headers: { authorization: context.request.headers.get('authorization') ?? '', 'content-type': 'application/json' },
      body: JSON.stringify({ batch: [built.write.entry] }),
    });
    const { batch } = (await response.body.json()) as { batch: Array<{ status: number }> };
    const status = batch[0]!.status;
    const name = kind[0]!.toUpperCase() + kind.slice(1);
    return status < 300
      ? { __typename: `${name}Success`, status, ...built.write.ids }
      : { __typename: 'CronofyRequestError', message: `Cronofy answered ${status}`, status };
  };
  field.resolve = resolve;
}

const yoga = createYoga({ schema, graphqlEndpoint: '/graphql', landingPage: false, graphiql: false });
const server = createServer(yoga);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

serve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, {}, async () => {
  server.closeAllConnections();
  server.close();
  await agent.close();
});
