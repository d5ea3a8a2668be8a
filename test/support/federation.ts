import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import http from '@graphql-mesh/transport-http';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';
import { request } from 'undici';
import type { GraphQLResponse } from './stack.js';

export interface Endpoint {
  /** Where GraphQL is served, e.g. `http://127.0.0.1:4321/graphql`. */
  url: string;
  close(): Promise<void>;
}

export interface Subgraph {
  name: string;
  url: string;
  sdl: string;
}

/** POSTs one GraphQL operation, with `Authorization: Bearer <token>` unless the token is null. */
export async function postGraphQL(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token: string | null = null,
): Promise<GraphQLResponse> {
  const response = await request(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.statusCode, body: (await response.body.json()) as GraphQLResponse['body'] };
}

/** The SDL a subgraph serves at `_service { sdl }`, as `rover subgraph introspect` reads it. */
export async function introspectSubgraph(name: string, url: string): Promise<Subgraph> {
  const { body } = await postGraphQL(url, '{ _service { sdl } }');
  const sdl = body.data?._service?.sdl;
  if (typeof sdl !== 'string') throw new Error(`${name} at ${url} answered no _service { sdl }: ${JSON.stringify(body)}`);
  return { name, url, sdl };
}

/** Composes a Federation v2 supergraph, as `rover supergraph compose` does, or throws its errors. */
export function composeSupergraph(subgraphs: Subgraph[]): string {
  const result = composeServices(subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })));
  if (result.errors) throw new Error(`composition failed:\n${result.errors.map((e) => e.message).join('\n')}`);
  return result.supergraphSdl;
}

/**
 * A second subgraph of a few lines: meetings that are held in calendar events. It adds
 * `CalendarEvent.meeting`, so a mutation's `event { meeting { title } }` is answered by it.
 */
export async function startMeetingsSubgraph(meetings: Array<{ id: string; title: string; calendarId: string; eventId: string }>) {
  const typeDefs = parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])

    type Meeting @key(fields: "id") {
      id: ID!
      title: String!
      event: CalendarEvent!
    }

    type CalendarEvent @key(fields: "calendarId eventId") {
      calendarId: String!
      eventId: String!
      meeting: Meeting
    }

    type Query {
      meetings: [Meeting!]!
    }
  `);
  type Meeting = (typeof meetings)[number];
  const schema = buildSubgraphSchema({
    typeDefs,
    resolvers: {
      Query: { meetings: () => meetings },
      Meeting: {
        __resolveReference: ({ id }: { id: string }) => meetings.find((m) => m.id === id),
        event: ({ calendarId, eventId }: Meeting) => ({ calendarId, eventId }),
      },
      CalendarEvent: {
        meeting: (event: { calendarId: string; eventId: string }) =>
          meetings.find((m) => m.calendarId === event.calendarId && m.eventId === event.eventId) ?? null,
      },
    },
  });
  return listen(createServer(createYoga({ schema, graphqlEndpoint: '/graphql', logging: false })), '/graphql');
}

/**
 * `@apollo/gateway` (the planner lineage of the Apollo Router) behind Apollo Server. The caller's
 * Authorization header is passed to every subgraph request, as a router's header rules would.
 */
export async function startApolloGateway(supergraphSdl: string): Promise<Endpoint> {
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource<{ authorization?: string }>({
        url,
        willSendRequest({ request, context }) {
          if (context.authorization) request.http?.headers.set('authorization', context.authorization);
        },
      }),
  });
  const server = new ApolloServer<{ authorization?: string }>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { host: '127.0.0.1', port: 0 },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  return { url, close: () => server.stop() };
}

/** Hive Gateway's runtime over HTTP transport, passing the caller's Authorization header on. */
export async function startHiveGateway(supergraph: string): Promise<Endpoint> {
  const gateway = createGatewayRuntime({
    supergraph,
    transports: { http },
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get('authorization') }),
    },
    logging: false,
  });
  const endpoint = await listen(createServer(gateway), '/graphql');
  return {
    url: endpoint.url,
    async close() {
      await endpoint.close();
      await gateway.dispose();
    },
  };
}

async function listen(server: Server, path: string): Promise<Endpoint> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
