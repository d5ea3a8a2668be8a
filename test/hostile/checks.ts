import { ABANDON_AFTER_MS, BOUNDS, MB } from './bounds.js';
import type { Outcome } from './target.js';

/**
 * What every hostile request must leave true, as a user and an operator would notice it: an
 * answer in time and not a 5xx, `/health` answering meanwhile, the event loop never blocked long,
 * RSS bounded, the upstream calls within the budget, a refusal that sent nothing, no "Unexpected
 * error." (hostile input is the caller's error, not the server's), no error-level log line and no
 * log flood. Returns each bound broken, in words.
 */
export function violationsOf(outcome: Outcome): string[] {
  const broken: string[] = [];
  if (outcome.status === undefined)
    broken.push(`no answer (${outcome.abandoned ? `abandoned after ${ABANDON_AFTER_MS} ms` : outcome.excerpt})`);
  else if (outcome.answerMs > BOUNDS.answerMs) broken.push(`answered after ${ms(outcome.answerMs)} (bound ${BOUNDS.answerMs} ms)`);
  if (outcome.status !== undefined && outcome.status >= 500) broken.push(`answered with status ${outcome.status}`);
  if (outcome.probeMs > BOUNDS.probeMs) broken.push(`/health took ${ms(outcome.probeMs)} meanwhile (bound ${BOUNDS.probeMs} ms)`);
  if (outcome.eventLoopMaxMs > BOUNDS.eventLoopMs)
    broken.push(`blocked the event loop for ${ms(outcome.eventLoopMaxMs)} (bound ${BOUNDS.eventLoopMs} ms)`);
  if (outcome.rssGrowthBytes > BOUNDS.rssGrowthBytes)
    broken.push(
      `left RSS ${mb(outcome.rssGrowthBytes)} above the warmed-up server's (bound ${mb(BOUNDS.rssGrowthBytes)}; this request alone ${mb(outcome.rssDeltaBytes)})`,
    );
  if (outcome.calls > BOUNDS.callsPerRequest)
    broken.push(`caused ${outcome.calls} upstream calls (MAX_CALLS_PER_REQUEST ${BOUNDS.callsPerRequest})`);
  // A bound of the request refuses it whole (one answer, not one per operation of an HTTP batch);
  // depth, aliases and directives refuse only the operation they are in, as any invalid operation.
  const refusedWhole = !Array.isArray(outcome.answer) && outcome.errors.some((error) => error.code === 'LIMIT_EXCEEDED');
  if (refusedWhole && outcome.calls > 0) broken.push(`was refused with LIMIT_EXCEEDED but ${outcome.calls} calls were sent`);
  const unexpected = outcome.errors.filter((error) => error.code === 'INTERNAL_SERVER_ERROR').length;
  if (unexpected > 0) broken.push(`answered ${unexpected} unexpected errors (INTERNAL_SERVER_ERROR)`);
  if (outcome.errorLines > 0) broken.push(`logged ${outcome.errorLines} error lines, e.g. ${outcome.errorLineExamples[0]}`);
  if (outcome.logBytes > BOUNDS.logBytes) broken.push(`logged ${kb(outcome.logBytes)} (bound ${kb(BOUNDS.logBytes)})`);
  return broken;
}

/** Throws, with the figures of the request, when any bound is broken (`violationsOf`, plus `extra`). */
export function expectBounded(outcome: Outcome, extra: string[] = []): void {
  const broken = [...violationsOf(outcome), ...extra];
  if (broken.length > 0) throw new Error(`The request ${broken.join('; ')}.\n${describe(outcome)}`);
}

/** One line of figures, and the start of the answer. */
export function describe(outcome: Outcome): string {
  const first = outcome.errors[0];
  return (
    `status ${outcome.status ?? 'none'} after ${ms(outcome.answerMs)}, /health ${ms(outcome.probeMs)} (${outcome.probes} probes), ` +
    `event loop ${ms(outcome.eventLoopMaxMs)}, RSS ${mb(outcome.rssBytes)} (run +${mb(outcome.rssGrowthBytes)}, request ${mb(outcome.rssDeltaBytes)}), ` +
    `${outcome.calls} calls (${outcome.unauthorizedCalls} refused, ${outcome.entries} entries), log ${kb(outcome.logBytes)}, ` +
    `${outcome.errors.length} errors${first ? ` (first: ${first.code ?? 'no code'}: ${first.message.slice(0, 200)})` : ''}` +
    `\nanswer: ${outcome.excerpt.slice(0, 300)}`
  );
}

const ms = (value: number) => `${Math.round(value)} ms`;
const mb = (bytes: number) => `${Math.round(bytes / MB)} MB`;
const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
