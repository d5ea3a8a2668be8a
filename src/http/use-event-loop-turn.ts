import type { Plugin } from 'graphql-yoga';

/**
 * Lets the event loop take a turn inside a long request: after the request limits have judged it,
 * and again between validating an operation and executing it, each time only when the stretch
 * since the last turn took `afterMs` or more. Otherwise Yoga's JSON parse, the request limits'
 * parse and count, graphql-js' validation and the start of execution (variables coerced, every
 * resolver called) run as one synchronous stretch: for an operation of 500 mutation fields with
 * 500 variables, 20–30 ms of counting, 25 ms of validating and 30–50 ms of starting. A turn in
 * between lets `/health`, timers and other callers' requests in, and shortens the longest block.
 *
 * `start` goes just before the plugins that judge, `turn` just after them:
 *
 * ```ts
 * const turn = useEventLoopTurn();
 * createYoga({ plugins: [turn.start, useRequestLimits(...), turn.turn] });
 * ```
 *
 * An HTTP batch takes only the first turn, so its operations still start together and their writes
 * share calls. A small request never waits, so it pays nothing but a clock read, and its writes
 * still meet those of the requests that arrived with it in the batcher's turn: 10 ms is far above what a
 * request of a few writes takes to judge, even on a loaded machine, and well below what the large
 * ones take.
 */
export function useEventLoopTurn({ afterMs = 10 }: { afterMs?: number } = {}): { start: Plugin; turn: Plugin } {
  const since = new WeakMap<Request, number>();
  // The operations of an HTTP batch run together so that their writes share calls: they take no
  // turn of their own between validating and executing, only the request's one after judging.
  const batches = new WeakSet<Request>();
  const turnIfLong = (request: Request | undefined): Promise<void> | undefined => {
    const start = request && since.get(request);
    if (start === undefined || performance.now() - start < afterMs) return undefined;
    return wholeTurn().then(() => void since.set(request!, performance.now()));
  };
  return {
    start: {
      onRequestParse({ request }) {
        return {
          onRequestParseDone() {
            since.set(request, performance.now());
          },
        };
      },
    },
    turn: {
      onRequestParse({ request }) {
        return {
          onRequestParseDone: ({ requestParserResult }) => {
            if (Array.isArray(requestParserResult)) batches.add(request);
            return turnIfLong(request);
          },
        };
      },
      onContextBuilding({ context }) {
        const { request } = context as { request?: Request };
        return request && batches.has(request) ? undefined : turnIfLong(request);
      },
    },
  };
}

/**
 * Resolves after the event loop has taken a whole turn (timers and sockets included). From the
 * poll phase, where a body's last bytes arrive, one setImmediate would run in the same iteration,
 * before any timer or socket; the second waits for a whole turn.
 */
export function wholeTurn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));
}
