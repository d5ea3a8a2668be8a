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

describe('Dockerfile', () => {
  it('builds in one stage and runs from another, on Node 20', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage).toMatch(/^node:20/);
    expect(stages[0]).toMatch(/RUN npm run build/);
    expect(runtime).toMatch(/COPY --from=build \/app\/dist \.\/dist/);
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
