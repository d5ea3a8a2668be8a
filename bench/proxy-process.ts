import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { cpuUsed, serve } from './ipc.js';

/**
 * The floor of scenario 2: a pass-through proxy with no GraphQL at all. It forwards each
 * `POST /v1/batch` body to the simulator over a keep-alive undici Agent, as the service does,
 * and answers with what came back. What it adds to the direct call is what one more process on
 * the path costs on this machine, whatever that process does.
 */
const upstream = process.env.CRONOFY_API_URL!;
const agent = new Agent({ keepAliveTimeout: 30_000, connections: 32 });

const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const answer = await request(`${upstream}${req.url}`, {
    method: 'POST',
    dispatcher: agent,
    headers: { authorization: req.headers.authorization ?? '', 'content-type': 'application/json' },
    body: Buffer.concat(chunks),
  });
  const body = Buffer.from(await answer.body.arrayBuffer());
  res.writeHead(answer.statusCode, { 'content-type': 'application/json' }).end(body);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

serve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { cpu: cpuUsed }, async () => {
  server.close();
  await agent.close();
});
