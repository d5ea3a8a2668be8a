import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type Config, loadConfig } from '../../src/config.js';
import { CronofySimulator } from '../../src/simulator/index.js';
import { startRedis } from '../support/redis.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

/**
 * No Docker daemon runs where these tests run, so docker-compose.yml and deploy/nginx.conf are
 * checked as written: what each service is given must be what the service reads and accepts, the
 * pieces must name each other (instances → Redis, nginx → instances) on the ports they listen on,
 * and the parts that can run here do run: redis-server with the compose file's arguments and both
 * health checks, the instance's against the service started with the compose file's environment.
 */

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[]; timeout?: string };
  ports?: string[];
  volumes?: string[];
  stop_grace_period?: string;
  pull_policy?: string;
}

const composeText = readFileSync('docker-compose.yml', 'utf8');
const compose = parse(composeText, { merge: true }) as { services: Record<string, Service> };
const services = Object.entries(compose.services);

/** The services built from this repository's Dockerfile: the instances of the fleet. */
const instances = services.filter(([, service]) => {
  const build = typeof service.build === 'string' ? { context: service.build } : service.build;
  return build !== undefined && build.context === '.' && (build.dockerfile ?? 'Dockerfile') === 'Dockerfile';
});
const [redisName, redisService] = services.find(([, service]) => service.image?.startsWith('redis:')) ?? [];
const [, balancer] = services.find(([, service]) => service.image?.startsWith('nginx:')) ?? [];

/** Plausible values for the settings the compose file takes from the shell or .env. */
const PLAUSIBLE: Record<string, string> = {
  CRONOFY_DATA_CENTER: 'uk',
  CRONOFY_CLIENT_ID: 'client-id',
  CRONOFY_CLIENT_SECRET: 'client-secret',
  CRONOFY_REFRESH_TOKEN: 'refresh-token',
  CRONOFY_RATE_PER_SECOND: '100',
  CRONOFY_RATE_PER_MINUTE: '1000',
  CORS_ORIGINS: 'https://app.example.com',
};

const SUBSTITUTION = /\$\$|\$\{([A-Za-z_]\w*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_]\w*)?/g;

/** Every `${NAME…}` in the compose file, with its form: `:-` (default), `:?` (required) or none. */
const substitutions = [...composeText.matchAll(SUBSTITUTION)].filter((m) => m[0] !== '$$').map((m) => ({ name: m[1] ?? m[4], form: m[2] }));

/** Compose's interpolation of one value, given what the shell or .env holds. */
function interpolate(value: string, given: Record<string, string>): string {
  return value.replace(SUBSTITUTION, (whole, braced?: string, operator?: string, word = '', bare?: string) => {
    if (whole === '$$') return '$';
    const name = braced ?? bare;
    if (!name) throw new Error(`A lone "$" in ${JSON.stringify(value)}: write $$ for a literal one.`);
    const set = given[name];
    if (operator === undefined) return set ?? '';
    if (operator === ':-') return set || word;
    if (operator === ':?') {
      if (!set) throw new Error(`${name}: ${word}`);
      return set;
    }
    throw new Error(`${operator} in ${whole}: teach interpolate() this form`);
  });
}

/** An instance's environment once compose has filled it in from `given`. */
function environment(service: Service, given: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(service.environment ?? {}).map(([name, value]) => [name, interpolate(String(value), given)]));
}

/** What compose needs from the shell: the `:?` settings and nothing else. */
const required = Object.fromEntries(substitutions.filter((s) => s.form === ':?').map((s) => [s.name!, PLAUSIBLE[s.name!] ?? 'set']));

/** An instance's environment as compose gives it when the shell sets only what is required. */
const written = (service: Service) => environment(service, required);

function variablesRead(): Set<string> {
  const read = new Set<string>();
  loadConfig(
    new Proxy({} as NodeJS.ProcessEnv, {
      get: (_target, name) => {
        if (typeof name === 'string') read.add(name);
        return undefined;
      },
    }),
  );
  return read;
}

/** Go's durations as compose writes them: `40s`, `1m30s`, `500ms`. */
function composeMs(duration: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...duration.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.map((p) => p[0]).join('') !== duration) throw new Error(`"${duration}" is not a duration compose reads`);
  return parts.reduce((total, [, n, unit]) => total + Number(n) * units[unit!]!, 0);
}

interface Directive {
  name: string;
  args: string[];
  block?: Directive[];
}

/** nginx's configuration syntax: words up to `;`, or up to a `{ … }` block. */
function parseNginx(text: string): Directive[] {
  const tokens = text.replace(/#.*$/gm, '').match(/"[^"]*"|'[^']*'|[{};]|[^\s{};]+/g) ?? [];
  let next = 0;
  const read = (inBlock: boolean): Directive[] => {
    const directives: Directive[] = [];
    let words: string[] = [];
    const take = (block?: Directive[]) => {
      if (words.length === 0) throw new Error(`nginx.conf: a "${block ? '{' : ';'}" with no directive before it`);
      directives.push({ name: words[0]!, args: words.slice(1), ...(block && { block }) });
      words = [];
    };
    while (next < tokens.length) {
      const token = tokens[next++]!;
      if (token === ';') take();
      else if (token === '{') take(read(true));
      else if (token === '}') {
        if (!inBlock) throw new Error('nginx.conf: a "}" closes no block');
        if (words.length > 0) throw new Error(`nginx.conf: "${words.join(' ')}" has no ";"`);
        return directives;
      } else words.push(token.replace(/^(["'])(.*)\1$/, '$2'));
    }
    if (inBlock) throw new Error('nginx.conf: a block is never closed');
    if (words.length > 0) throw new Error(`nginx.conf: "${words.join(' ')}" has no ";"`);
    return directives;
  };
  return read(false);
}

/**
 * The directives nginx takes where deploy/nginx.conf may use them (a conf.d file sits in the http
 * block). A misspelt one would stop nginx at start; extend the list when the file needs another.
 */
const NGINX_DIRECTIVES: Record<string, string[]> = {
  http: ['upstream', 'server'],
  upstream: ['server', 'keepalive', 'keepalive_timeout', 'keepalive_requests', 'least_conn', 'zone'],
  server: ['listen', 'server_name', 'location', 'client_max_body_size', 'client_header_timeout', 'client_body_timeout', 'access_log'],
  location: [
    'proxy_pass',
    'proxy_http_version',
    'proxy_set_header',
    'proxy_connect_timeout',
    'proxy_send_timeout',
    'proxy_read_timeout',
    'proxy_next_upstream',
    'proxy_next_upstream_tries',
    'proxy_next_upstream_timeout',
    'proxy_buffering',
    'proxy_request_buffering',
  ],
};

/** nginx times (`60s`, `4m`, a bare number of seconds) in ms, and sizes (`4m`, `512k`) in bytes. */
function nginxMs(time: string): number {
  const [, n, unit = 's'] = /^(\d+)(ms|s|m|h)?$/.exec(time) ?? [];
  if (!n) throw new Error(`"${time}" is not an nginx time`);
  return Number(n) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms']!;
}
function nginxBytes(size: string): number {
  const [, n, unit = ''] = /^(\d+)([kKmMgG])?$/.exec(size) ?? [];
  if (!n) throw new Error(`"${size}" is not an nginx size`);
  return Number(n) * ({ '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 } as Record<string, number>)[unit.toLowerCase()]!;
}

const find = (directives: Directive[], name: string) => directives.filter((d) => d.name === name);
const one = (directives: Directive[], name: string): Directive => {
  const found = find(directives, name);
  if (found.length !== 1) throw new Error(`nginx.conf: expected one ${name}, found ${found.length}`);
  return found[0]!;
};

describe('docker-compose.yml', () => {
  const read = variablesRead();

  it('runs three instances built from the Dockerfile, a Redis and an nginx, and publishes only the balancer', () => {
    expect(instances.map(([name]) => name)).toEqual(['api-1', 'api-2', 'api-3']);
    expect(existsSync('Dockerfile')).toBe(true);
    for (const [name, service] of instances) {
      // With an image name and no pull_policy, compose first pulls that name from a registry.
      if (service.image !== undefined) expect(service.pull_policy, `${name} would pull ${service.image} before building it`).toBe('build');
    }
    expect(redisService?.image).toMatch(/^redis:7(-alpine)?$/);
    expect(balancer?.image).toMatch(/^nginx:\d/);
    const published = services.filter(([, service]) => service.ports?.length).map(([name]) => name);
    expect(published, 'only the load balancer is reachable from outside; Redis and the instances are not').toEqual(
      services.filter(([, service]) => service === balancer).map(([name]) => name),
    );
  });

  it('sets, and takes from the shell, only settings the service reads', () => {
    for (const [name, service] of instances) {
      for (const variable of Object.keys(service.environment ?? {})) {
        expect(read.has(variable), `${name} sets ${variable}, which loadConfig never reads`).toBe(true);
      }
    }
    expect(substitutions.length).toBeGreaterThan(0);
    for (const { name } of substitutions) expect(read.has(name!), `\${${name}} is read by nobody`).toBe(true);
  });

  it('starts as written, with nothing but the data center given', () => {
    for (const [, service] of instances) {
      const config: Config = loadConfig(written(service));
      expect(config.host).toBe('0.0.0.0');
      expect(config.graphiql).toBe(false); // NODE_ENV=production
      expect(config.useSimulator).toBe(false);
      expect(config.serverCredentials).toBeUndefined();
      expect(config.fleet.redisUrl).toBeDefined();
      expect(config.fleet.ratePerSecond).toBe(50);
    }
  });

  it('passes on every optional setting given in the shell or .env', () => {
    const config = loadConfig(environment(instances[0]![1], PLAUSIBLE));
    expect(config.dataCenter).toBe('uk');
    expect(config.serverCredentials).toMatchObject({ clientId: 'client-id', clientSecret: 'client-secret', refreshToken: 'refresh-token' });
    expect(config.fleet).toMatchObject({ ratePerSecond: 100, ratePerMinute: 1000 });
    expect(config.corsOrigins).toEqual(['https://app.example.com']);
  });

  it('requires in the shell exactly what the service cannot start without, with a message', () => {
    expect(Object.keys(required)).toEqual(['CRONOFY_DATA_CENTER']);
    const service = instances[0]![1];
    expect(() => environment(service, {})).toThrow(/CRONOFY_DATA_CENTER: set CRONOFY_DATA_CENTER to us, uk, de, au, ca or sg/);
    for (const name of Object.keys(required)) {
      const without = { ...written(service) };
      delete without[name];
      expect(() => loadConfig(without), `${name} is required by the compose file but the service starts without it`).toThrow();
    }
  });

  it('holds no secret: credentials come only from the shell or .env', () => {
    for (const [, service] of instances) {
      for (const name of ['CRONOFY_CLIENT_ID', 'CRONOFY_CLIENT_SECRET', 'CRONOFY_REFRESH_TOKEN', 'CRONOFY_ACCESS_TOKEN']) {
        const value = service.environment?.[name];
        if (value !== undefined) expect(value).toBe(`\${${name}:-}`);
      }
    }
    expect(composeText).not.toMatch(/^\s*(?:- )?\w*(SECRET|TOKEN|PASSWORD)\w*(?::\s+|=)(?!\$\{)\S/m);
  });

  it('points every instance at the same Redis service, and FLEET_SIZE_HINT counts the instances', () => {
    const urls = new Set(instances.map(([, service]) => loadConfig(written(service)).fleet.redisUrl));
    expect(urls.size).toBe(1);
    const url = new URL([...urls][0]!);
    expect(url.hostname).toBe(redisName);
    const portArgument = redisService!.command?.indexOf('--port') ?? -1;
    expect(url.port || '6379').toBe(portArgument >= 0 ? redisService!.command![portArgument + 1] : '6379');
    for (const [name, service] of instances) {
      expect(loadConfig(written(service)).fleet.sizeHint, `${name}'s FLEET_SIZE_HINT`).toBe(instances.length);
      expect(service.depends_on?.[redisName!]?.condition).toBe('service_healthy');
    }
  });

  it('keeps nothing of Redis on disk', () => {
    const args = redisService!.command!;
    const value = (option: string) => (args.includes(option) ? args[args.indexOf(option) + 1] : undefined);
    expect(value('--save'), 'no RDB snapshots').toBe('');
    expect(value('--appendonly'), 'no append-only file').toBe('no');
    expect(redisService!.volumes).toBeUndefined();
  });

  it('gives an instance at least SHUTDOWN_TIMEOUT_MS to answer what is in flight before it is killed', () => {
    for (const [name, service] of instances) {
      const config = loadConfig(written(service));
      expect(composeMs(service.stop_grace_period ?? '10s'), `${name}'s stop_grace_period`).toBeGreaterThanOrEqual(config.shutdownTimeoutMs);
    }
  });

  it("probes an instance's health with node, which the image has (it has no curl)", () => {
    const runtime = readFileSync('Dockerfile', 'utf8')
      .split(/^FROM /m)
      .at(-1)!;
    expect(runtime).toMatch(/^node:/);
    for (const [, service] of instances) {
      expect(service.healthcheck?.test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
      expect(service.healthcheck?.test[3]).toContain('/health');
    }
  });
});

describe('deploy/nginx.conf', () => {
  const mount = balancer?.volumes?.find((volume) => volume.includes('nginx.conf'));
  const [source, target] = (mount ?? '').split(':');
  const conf = parseNginx(readFileSync(source ?? '', 'utf8'));
  const upstreams = find(conf, 'upstream');
  const server = one(conf, 'server').block!;
  const location = one(server, 'location').block!;

  it('is mounted where the stock nginx.conf includes it, inside the http block', () => {
    expect(source).toBe('./deploy/nginx.conf');
    expect(target).toMatch(/^\/etc\/nginx\/conf\.d\/[\w-]+\.conf$/);
  });

  it('uses only directives nginx takes where they stand', () => {
    const known = new Set(Object.values(NGINX_DIRECTIVES).flat());
    const check = (directives: Directive[], context: string) => {
      for (const { name, args, block } of directives) {
        expect(NGINX_DIRECTIVES[context], `${name} in ${context}`).toContain(name);
        // A missing ";" makes the next directive an argument of this one.
        expect(
          args.filter((arg) => known.has(arg)),
          `${name} ${args.join(' ')}: a ";" is missing`,
        ).toEqual([]);
        if (block) check(block, name);
      }
    };
    check(conf, 'http');
  });

  it('listens on the one port compose publishes, and passes everything to the upstream of the three instances', () => {
    const published = balancer!.ports!.map((port) => port.split(':').at(-1));
    expect(one(server, 'listen').args).toEqual(published);
    expect(upstreams).toHaveLength(1);
    expect(one(location, 'proxy_pass').args).toEqual([`http://${upstreams[0]!.args[0]}`]);
  });

  it('round-robins over exactly the instances, on the port each listens on', () => {
    const members = find(upstreams[0]!.block!, 'server').map((d) => d.args[0]);
    const expected = instances.map(([name, service]) => `${name}:${loadConfig(written(service)).port}`);
    expect(members).toEqual(expected);
    expect(find(upstreams[0]!.block!, 'hash').concat(find(upstreams[0]!.block!, 'ip_hash')), 'no sticky sessions').toEqual([]);
    expect(Object.keys(balancer!.depends_on ?? {}).sort()).toEqual(instances.map(([name]) => name).sort());
  });

  it('takes every body the instances take', () => {
    const config = loadConfig(written(instances[0]![1]));
    // nginx's default is 1 MiB.
    expect(nginxBytes(one(server, 'client_max_body_size').args[0]!)).toBeGreaterThanOrEqual(config.limits.bodyBytes);
  });

  it('waits for a write as long as an instance may take with it, so a slow answer is not a 504', () => {
    const config = loadConfig(written(instances[0]![1]));
    const readTimeout = nginxMs(one(location, 'proxy_read_timeout').args[0]!);
    expect(readTimeout).toBeGreaterThan(config.fleet.slotWaitMs + config.deadlineMs);
  });

  it('drops idle upstream connections before Node does, so no request meets a closing connection', () => {
    const nodeKeepAlive = new Server().keepAliveTimeout;
    expect(nginxMs(one(upstreams[0]!.block!, 'keepalive_timeout').args[0]!)).toBeLessThan(nodeKeepAlive);
    expect(one(location, 'proxy_http_version').args).toEqual(['1.1']);
  });

  it('passes Authorization and Cronofy-Data-Center on as sent', () => {
    const set = new Map(find(location, 'proxy_set_header').map((d) => [d.args[0]!.toLowerCase(), d.args[1]]));
    for (const header of ['authorization', 'cronofy-data-center']) {
      const value = set.get(header);
      if (value !== undefined) expect(value).toBe(`$http_${header.replaceAll('-', '_')}`);
    }
    expect(find(location, 'proxy_pass_request_headers')).toEqual([]);
  });

  it('never sends a write twice: POSTs are not retried on another instance once sent', () => {
    const next = one(location, 'proxy_next_upstream').args;
    expect(next).not.toContain('non_idempotent');
  });
});

/** A free loopback port, for a redis-server started here. */
async function freePort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs a health check's command as Docker would, bounded by its `timeout`: exit code and output. */
function runCheck(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.once('close', (code) => resolve({ code, output }));
  });
}

describe('docker-compose.yml, run here', () => {
  it("starts redis-server with the compose file's arguments, persisting nothing, and its health check answers", async () => {
    const [program, ...args] = redisService!.command!;
    expect(program).toBe('redis-server');
    const port = await freePort();
    const [check, ...checkArgs] = redisService!.healthcheck!.test.slice(1);
    expect(check).toBe('redis-cli');
    const ping = () =>
      runCheck(
        '/usr/bin/redis-cli',
        ['-p', String(port), ...checkArgs],
        process.env,
        composeMs(redisService!.healthcheck!.timeout ?? '30s'),
      );

    expect((await ping()).code, 'the health check fails while no Redis runs').not.toBe(0);
    const redis: ChildProcess = spawn('/usr/bin/redis-server', [...args, '--port', String(port), '--bind', '127.0.0.1'], {
      stdio: 'ignore',
    });
    try {
      let answer = await ping();
      for (const deadline = Date.now() + 10_000; answer.code !== 0 && Date.now() < deadline; answer = await ping()) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(answer).toEqual({ code: 0, output: 'PONG\n' });
      const get = async (name: string) =>
        (await runCheck('/usr/bin/redis-cli', ['-p', String(port), 'config', 'get', name], process.env, 5000)).output;
      expect(await get('save')).toBe('save\n\n');
      expect(await get('appendonly')).toBe('appendonly\nno\n');
    } finally {
      redis.kill('SIGKILL');
    }
  });

  describe("an instance started with the compose file's environment", () => {
    const [, service] = instances[0]!;
    let simulator: CronofySimulator;
    let redis: Awaited<ReturnType<typeof startRedis>>;
    let instance: ServerProcess;
    let port: string;

    beforeAll(async () => {
      simulator = await CronofySimulator.start();
      redis = await startRedis();
      // As written, but with a port of its own, this machine's Redis and the simulator for Cronofy.
      instance = await startServerProcess({ ...written(service), PORT: '0', REDIS_URL: redis.url, CRONOFY_API_URL: simulator.url });
      port = new URL(instance.url).port;
    }, 30_000);
    afterAll(async () => {
      await instance?.stop();
      await redis?.close();
      await simulator?.close();
    });

    const healthcheck = () => {
      const [, program, ...args] = service.healthcheck!.test;
      expect(program).toBe('node');
      // In the container PORT is the compose file's; here, the port the instance took.
      return runCheck(process.execPath, args, { ...written(service), PORT: port }, composeMs(service.healthcheck!.timeout ?? '30s'));
    };

    it('listens on every interface, in production mode', () => {
      expect(instance.url).toBe(`http://0.0.0.0:${port}/graphql`);
      expect(instance.output()).not.toMatch(/GraphiQL at/);
    });

    it("passes its health check, run as written, within the check's timeout; and fails it once stopped", async () => {
      expect(await healthcheck()).toEqual({ code: 0, output: '' });
      await instance.stop();
      expect((await healthcheck()).code).toBe(1);
    });
  });
});
