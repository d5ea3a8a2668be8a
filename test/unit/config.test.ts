import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration', () => {
  it('defaults to port 4000 on loopback, data center us, and the simulator', () => {
    expect(loadConfig({})).toMatchObject({ port: 4000, host: '127.0.0.1', dataCenter: 'us', cronofyApiUrl: undefined, useSimulator: true });
  });

  it('uses Cronofy itself once a data center is named', () => {
    expect(loadConfig({ CRONOFY_DATA_CENTER: 'uk' })).toMatchObject({ dataCenter: 'uk', useSimulator: false, cronofyApiUrl: undefined });
  });

  it('takes CRONOFY_API_URL as an origin', () => {
    expect(loadConfig({ CRONOFY_API_URL: 'http://127.0.0.1:3100/' })).toMatchObject({
      cronofyApiUrl: 'http://127.0.0.1:3100',
      useSimulator: false,
    });
  });

  it('has retry, deadline and breaker defaults, and no server credentials unless all are set', () => {
    expect(loadConfig({})).toMatchObject({
      timeoutMs: 10_000,
      maxRetries: 3,
      deadlineMs: 30_000,
      breakerFailures: 5,
      serverCredentials: undefined,
    });
    const env = { CRONOFY_CLIENT_ID: 'id', CRONOFY_CLIENT_SECRET: 's', CRONOFY_REFRESH_TOKEN: 'r' };
    expect(loadConfig(env).serverCredentials).toEqual({ clientId: 'id', clientSecret: 's', refreshToken: 'r', accessToken: undefined });
  });

  it('never echoes a secret in a configuration error', () => {
    expect(() => loadConfig({ CRONOFY_CLIENT_SECRET: 'top-secret-value' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('top-secret-value') }),
    );
    for (const url of [
      'https://user:hunter2@proxy.example',
      'https://user:hunter2@proxy.example:99999',
      'ftp://hunter2@x',
      'http://x?key=hunter2',
    ]) {
      expect(() => loadConfig({ CRONOFY_API_URL: url })).toThrow(
        expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
      );
    }
  });

  it('sizes the limits for operations of a few hundred writes', () => {
    expect(loadConfig({}).limits).toEqual({
      bodyBytes: 4 * 1024 * 1024,
      tokens: 20_000,
      documentBytes: 256 * 1024,
      depth: 8,
      aliases: 1000,
      directives: 500,
      mutationFields: 500,
      batchRequests: 500,
      operationsPerRequest: 10,
      callsPerRequest: 20,
      entities: 1000,
      answerFields: 20_000,
      answerBytes: 16 * 1024 * 1024,
      documentCacheBytes: 64 * 1024 * 1024,
      bodiesInFlightBytes: 64 * 1024 * 1024,
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 10_000,
    });
    expect(loadConfig({ MAX_MUTATION_FIELDS: '50', MAX_OPERATIONS_PER_REQUEST: '1' }).limits).toMatchObject({
      mutationFields: 50,
      operationsPerRequest: 1,
    });
  });

  it('refuses limits that contradict each other, naming both', () => {
    expect(() => loadConfig({ MAX_BODY_BYTES: '2000000', MAX_BODIES_IN_FLIGHT_BYTES: '1000000' })).toThrow(
      'MAX_BODIES_IN_FLIGHT_BYTES (1000000) must be at least MAX_BODY_BYTES (2000000), or no request of the largest size could ever be read.',
    );
    expect(() => loadConfig({ HEADERS_TIMEOUT_MS: '20000', REQUEST_TIMEOUT_MS: '10000' })).toThrow(
      'HEADERS_TIMEOUT_MS (20000) must not exceed REQUEST_TIMEOUT_MS (10000).',
    );
  });

  it('refuses to fall back to the simulator in production unless asked to by name', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow('NODE_ENV=production but no upstream is set');
    expect(loadConfig({ NODE_ENV: 'production', CRONOFY_SIMULATOR: 'true' })).toMatchObject({ useSimulator: true });
    expect(loadConfig({ NODE_ENV: 'production', CRONOFY_DATA_CENTER: 'uk' })).toMatchObject({ useSimulator: false });
  });

  it('turns GraphiQL, introspection and the federation SDL off in production unless enabled explicitly', () => {
    expect(loadConfig({})).toMatchObject({ graphiql: true, introspection: true, federationSdl: true });
    expect(loadConfig({ NODE_ENV: 'production', CRONOFY_DATA_CENTER: 'us' })).toMatchObject({
      graphiql: false,
      introspection: false,
      federationSdl: false,
    });
    expect(loadConfig({ NODE_ENV: 'production', CRONOFY_DATA_CENTER: 'us', FEDERATION_SDL: 'true' })).toMatchObject({
      introspection: false,
      federationSdl: true,
    });
    expect(loadConfig({ NODE_ENV: 'production', CRONOFY_DATA_CENTER: 'us', GRAPHIQL: 'true', GRAPHQL_INTROSPECTION: '1' })).toMatchObject({
      graphiql: true,
      introspection: true,
    });
    expect(loadConfig({ GRAPHIQL: 'false' })).toMatchObject({ graphiql: false, introspection: true });
  });

  it('allows no cross-origin access unless CORS_ORIGINS lists origins, which it stores as browsers send them', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ NODE_ENV: 'production', CRONOFY_DATA_CENTER: 'us' }).corsOrigins).toEqual([]);
    expect(loadConfig({ NODE_ENV: 'production', CRONOFY_SIMULATOR: 'true' }).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: ' , ' }).corsOrigins).toEqual([]);
    expect(
      loadConfig({ CORS_ORIGINS: 'https://App.Example.com:443/, http://localhost:5173,http://[::1]:8080,https://app.example.com' })
        .corsOrigins,
    ).toEqual(['https://app.example.com', 'http://localhost:5173', 'http://[::1]:8080']);
  });

  it.each([
    [{ CORS_ORIGINS: '*' }, '"*" is a wildcard. It would let every web page write with the server\'s own account'],
    [{ CORS_ORIGINS: 'https://app.example.com,https://*.example.com' }, '"https://*.example.com" is a wildcard.'],
    [{ CORS_ORIGINS: 'null' }, '"null" is the origin of sandboxed frames and local files'],
    [{ CORS_ORIGINS: 'app.example.com' }, 'CORS_ORIGINS takes exact origins separated by commas'],
    [{ CORS_ORIGINS: 'app.example.com' }, '"app.example.com" must start with http:// or https://.'],
    [{ CORS_ORIGINS: 'ftp://app.example.com' }, '"ftp://app.example.com" must start with http:// or https://.'],
    [{ CORS_ORIGINS: 'https://app.example.com/graphql' }, '"https://app.example.com/graphql" has a path, query or fragment'],
    [{ CORS_ORIGINS: 'https://app.example.com?x=1' }, '"https://app.example.com?x=1" has a path, query or fragment'],
    [{ CORS_ORIGINS: 'https://app.example.com#top' }, '"https://app.example.com#top" has a path, query or fragment'],
    [{ CORS_ORIGINS: 'http://localhost:99999' }, '"http://localhost:99999" is not a valid origin'],
    [{ CORS_ORIGINS: 'https://user:hunter2@app.example.com' }, 'an entry has user information (user@ or user:password@) in it'],
  ])('refuses CORS_ORIGINS %o, naming the entry and the reason', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
    expect(() => loadConfig(env)).toThrow(
      expect.objectContaining({ name: 'ConfigError', message: expect.not.stringContaining('hunter2') }),
    );
  });

  it('serves /metrics on the API port, on METRICS_PORT when set, and in production only when METRICS_PORT is set', () => {
    expect(loadConfig({}).metrics).toBe('api');
    expect(loadConfig({ NODE_ENV: 'production', CRONOFY_DATA_CENTER: 'us' }).metrics).toBe('off');
    expect(loadConfig({ METRICS_PORT: '9464' }).metrics).toEqual({ port: 9464 });
    expect(loadConfig({ NODE_ENV: 'production', CRONOFY_DATA_CENTER: 'us', METRICS_PORT: '0' }).metrics).toEqual({ port: 0 });
    // The same port as the API's: an explicit choice to keep them there.
    expect(loadConfig({ NODE_ENV: 'production', CRONOFY_DATA_CENTER: 'us', METRICS_PORT: '4000' }).metrics).toBe('api');
    expect(loadConfig({ PORT: '8080', METRICS_PORT: '8080' }).metrics).toBe('api');
  });

  it.each([
    [{ METRICS_PORT: '99999' }, 'METRICS_PORT must be a whole number from 0 to 65535; got "99999".'],
    [{ MAX_TOKENS: '0' }, 'MAX_TOKENS must be a whole number from 1 to 10000000; got "0".'],
    [{ MAX_BODY_BYTES: '1mb' }, 'MAX_BODY_BYTES must be a whole number from 1024 to 1073741824; got "1mb".'],
    [{ MAX_OPERATIONS_PER_REQUEST: '1001' }, 'MAX_OPERATIONS_PER_REQUEST must be a whole number from 1 to 1000; got "1001".'],
    [{ GRAPHIQL: 'yes' }, 'GRAPHIQL must be true or false; got "yes".'],
    [{ FEDERATION_SDL: 'on' }, 'FEDERATION_SDL must be true or false; got "on".'],
    [{ CRONOFY_DATA_CENTER: 'eu' }, 'CRONOFY_DATA_CENTER must be one of us, uk, de, au, ca, sg; got "eu".'],
    [{ PORT: 'eighty' }, 'PORT must be a whole number from 0 to 65535; got "eighty".'],
    [{ CRONOFY_TIMEOUT_MS: '0' }, 'CRONOFY_TIMEOUT_MS must be a whole number from 1 to 600000; got "0".'],
    [{ CRONOFY_API_URL: 'http://x/v1/batch' }, 'CRONOFY_API_URL must be an origin'],
    [{ CRONOFY_API_URL: 'http://x/v1/batch' }, 'it has the path /v1/batch; remove it'],
    [{ CRONOFY_API_URL: 'http://127.0.0.1:3100?' }, 'it has a query (?…); remove it.'],
    [{ CRONOFY_API_URL: 'http://127.0.0.1:3100/#' }, 'it has a fragment (#…); remove it.'],
    [{ CRONOFY_API_URL: 'http://127.0.0.1:99999' }, 'its port 99999 is over 65535. Got "http://127.0.0.1:99999".'],
    [{ CRONOFY_API_URL: 'http://127.0.0.1:0' }, 'its port is 0'],
    [{ CRONOFY_API_URL: 'ftp://proxy.example' }, 'its scheme is "ftp" where http or https is needed'],
    [{ CRONOFY_API_URL: '127.0.0.1:3100' }, 'CRONOFY_API_URL must be an origin'],
    [{ CRONOFY_API_URL: 'https://user:hunter2@proxy.example' }, 'it holds a user name or password; put no credentials in it.'],
    [{ CRONOFY_MAX_RETRIES: '-1' }, 'CRONOFY_MAX_RETRIES must be a whole number from 0 to 20; got "-1".'],
    [{ CRONOFY_DEADLINE_MS: '1.5' }, 'CRONOFY_DEADLINE_MS must be a whole number'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got "verbose".'],
    [
      { CRONOFY_CLIENT_ID: 'id', CRONOFY_REFRESH_TOKEN: 'r' },
      'need all of CRONOFY_CLIENT_ID, CRONOFY_CLIENT_SECRET, CRONOFY_REFRESH_TOKEN; CRONOFY_CLIENT_SECRET is not set.',
    ],
    [{ CRONOFY_ACCESS_TOKEN: 'a' }, 'CRONOFY_ACCESS_TOKEN needs CRONOFY_CLIENT_ID, CRONOFY_CLIENT_SECRET and CRONOFY_REFRESH_TOKEN too'],
  ])('refuses %o, saying what it takes', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('a bad CRONOFY_API_URL', () => {
  it('stops npm start with exit code 1 and a message saying what is wrong, without echoing the credential', async () => {
    const env = { ...process.env, CRONOFY_API_URL: 'https://proxy:hunter2@cronofy.example:99999' };
    const refused = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, timeout: 15_000 }).then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Configuration error: CRONOFY_API_URL must be an origin');
    expect(refused.stderr).toContain('its port 99999 is over 65535');
    expect(refused.stdout + refused.stderr).not.toContain('hunter2');
  });
});

describe('CRONOFY_API_URL, generated', () => {
  const SECRET = 'pw-Secret';
  /** Mostly one of `good`, sometimes one of `bad`: most generated values get past the early checks. */
  const mostly = (good: string[], bad: string[]) =>
    fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...good) }, { weight: 1, arbitrary: fc.constantFrom(...bad) });
  /** URL-shaped text built from parts, each part sometimes wrong, and text of any shape. */
  const candidate = fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(
          mostly(['http', 'https', 'HTTP'], ['ftp', 'ws', 'file', 'javascript', '']),
          mostly(['://'], [':', ':/', ':\\\\', ':///']),
          mostly([''], ['user@', `user:${SECRET}@`, '@', `:${SECRET}@`]),
          fc.oneof(
            fc.domain(),
            fc.ipV4(),
            fc.ipV6().map((ip) => `[${ip}]`),
            fc.constantFrom('', 'localhost', 'a b', '%zz'),
          ),
          fc.oneof(
            fc.constant(''),
            fc.integer({ min: 0, max: 200_000 }).map((port) => `:${port}`),
            fc.constantFrom(':', ':-1', ':80x', ':0', ':65535', ':65536'),
          ),
          mostly(['', '/'], ['/v1', '/v1/batch', '/./', '/a/..', '//', '/%2e']),
          mostly([''], ['?', '?key=1', '#', '#f', '?#', '/?']),
        )
        .map((parts) => parts.join('')),
    },
    fc.webUrl({ withQueryParameters: true, withFragments: true, authoritySettings: { withUserInfo: true, withPort: true } }),
    fc.string({ unit: 'grapheme-ascii' }),
  );

  it('accepts only values whose origin round-trips through new URL(x).origin, and refuses the rest with a ConfigError that hides credentials', () => {
    fc.assert(
      fc.property(candidate, (raw) => {
        let origin: string | undefined;
        try {
          origin = loadConfig({ CRONOFY_API_URL: raw }).cronofyApiUrl;
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          expect((error as Error).message).toMatch(/^CRONOFY_API_URL must be an origin/);
          expect((error as Error).message).not.toContain(SECRET);
          return;
        }
        if (!raw.trim()) {
          expect(origin).toBeUndefined();
          return;
        }
        const url = new URL(origin!);
        expect(url.origin).toBe(origin);
        expect(new URL(raw.trim()).origin).toBe(origin);
        expect(['http:', 'https:']).toContain(url.protocol);
        expect(raw).not.toMatch(/[?#]/);
        expect(raw).not.toContain(SECRET);
        expect(Number(url.port || 1)).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts every http or https origin with a port from 1 to 65535, with or without a trailing slash', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('http', 'https'),
        fc.oneof(
          fc.domain(),
          fc.ipV4(),
          fc.ipV6().map((ip) => `[${ip}]`),
        ),
        fc.option(fc.integer({ min: 1, max: 65_535 }), { nil: undefined }),
        fc.boolean(),
        (scheme, host, port, slash) => {
          const raw = `${scheme}://${host}${port === undefined ? '' : `:${port}`}${slash ? '/' : ''}`;
          expect(loadConfig({ CRONOFY_API_URL: raw }).cronofyApiUrl).toBe(new URL(raw).origin);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
