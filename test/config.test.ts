import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

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

  it.each([
    [{ CRONOFY_DATA_CENTER: 'eu' }, 'CRONOFY_DATA_CENTER must be one of us, uk, de, au, ca, sg; got "eu".'],
    [{ PORT: 'eighty' }, 'PORT must be a whole number from 0 to 65535; got "eighty".'],
    [{ CRONOFY_TIMEOUT_MS: '0' }, 'CRONOFY_TIMEOUT_MS must be a whole number from 1 to 600000; got "0".'],
    [{ CRONOFY_API_URL: 'http://x/v1/batch' }, 'CRONOFY_API_URL must be an origin'],
  ])('refuses %o, saying what it takes', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
