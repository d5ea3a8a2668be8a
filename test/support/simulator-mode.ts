import { loadConfig } from '../../src/config.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { CronofySimulator, DEMO_ACCESS_TOKEN } from '../../src/simulator/index.js';

export interface SimulatorMode {
  simulator: CronofySimulator;
  server: RunningServer;
  close(): Promise<void>;
}

/**
 * The server as `npm start` runs it with no configuration: the embedded simulator and its demo
 * token. `env` adds settings, as the environment would.
 */
export async function startSimulatorMode(env: NodeJS.ProcessEnv = {}): Promise<SimulatorMode> {
  const simulator = await CronofySimulator.start();
  const server = await startServer({
    ...loadConfig({ ...env, CRONOFY_API_URL: simulator.url }),
    port: 0,
    demoAccessToken: DEMO_ACCESS_TOKEN,
  });
  return {
    simulator,
    server,
    async close() {
      await server.close();
      await simulator.close();
    },
  };
}
