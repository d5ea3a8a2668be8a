import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * No Docker daemon runs where these tests run, so the image is checked as written: what issue 4
 * asks of it (multi-stage, production dependencies only, non-root, health check) and that every
 * file it copies exists in the repository or is built by `npm run build`.
 */
const dockerfile = readFileSync('Dockerfile', 'utf8');
const stages = dockerfile.split(/^FROM /m).slice(1);
const runtime = stages.at(-1)!;

/** Whether a range of `^x.y.z` and `>=x.y.z` alternatives, the forms `engines` uses, admits `version`. */
function allows(range: string, version: string): boolean {
  const parse = (text: string) => [...text.split('.').map(Number), 0, 0].slice(0, 3);
  const atLeast = (a: number[], b: number[]) => {
    const first = a.findIndex((n, i) => n !== b[i]);
    return first === -1 || a[first]! > b[first]!;
  };
  const wanted = parse(version);
  return range.split('||').some((alternative) => {
    const [, operator, bound] = /^\s*(\^|>=)(\d+(?:\.\d+){0,2})\s*$/.exec(alternative) ?? [];
    if (!operator || !bound) throw new Error(`engines.node: ${alternative.trim()} is not ^x.y.z or >=x.y.z; extend allows() to read it`);
    const lower = parse(bound);
    return atLeast(wanted, lower) && (operator === '>=' || wanted[0] === lower[0]);
  });
}

describe('Dockerfile', () => {
  it('builds in one stage and runs from another, on Node 24', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage).toMatch(/^node:24-slim\b/);
    expect(stages[0]).toMatch(/RUN npm run build/);
    expect(runtime).toMatch(/COPY --from=build \/app\/dist \.\/dist/);
  });

  it('runs the Node.js line that .ci/run tests and that package.json allows', () => {
    const line = /^node:(\d+)/.exec(runtime)?.[1];
    expect(line).toBeDefined();
    expect(readFileSync('.ci/run', 'utf8')).toMatch(new RegExp(`^node_line=${line}$`, 'm'));
    const { engines } = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
    expect(allows(engines.node, `${line}.0.0`), `engines.node ${engines.node} refuses Node.js ${line}`).toBe(true);
  });

  it('installs production dependencies only and runs as a user that is not root', () => {
    expect(runtime).toMatch(/RUN npm ci --omit=dev/);
    expect(runtime).toMatch(/^USER (?!root)\w+/m);
    expect(runtime.indexOf('USER ')).toBeGreaterThan(runtime.indexOf('npm ci'));
  });

  it('listens beyond loopback, names an upstream or fails at start-up, and checks liveness', () => {
    expect(runtime).toMatch(/ENV HOST=0\.0\.0\.0/);
    expect(runtime).toMatch(/ENV NODE_ENV=production/);
    expect(runtime).toMatch(/HEALTHCHECK .*\n?.*\/health/);
    expect(runtime).toMatch(/CMD \["node", "dist\/main\.js"\]/);
  });

  it('copies only files that exist', () => {
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(/\s+/));
    expect(copied.length).toBeGreaterThan(0);
    for (const path of copied) expect(existsSync(path), `${path} is copied but missing`).toBe(true);
  });

  it('keeps local installs, builds and secrets out of the build context', () => {
    const ignored = readFileSync('.dockerignore', 'utf8').split('\n');
    for (const entry of ['node_modules', 'dist', '.env']) expect(ignored.some((line) => line.replace(/^\/|\/$/g, '') === entry)).toBe(true);
  });
});
