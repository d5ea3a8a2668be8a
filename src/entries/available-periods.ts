import { boundary } from './body.js';
import { Checks } from './checks.js';
import { type Built, resourceOf } from './write.js';

export interface UpsertAvailablePeriodInput {
  availablePeriodId: string;
  /** Normalised UTC instants; available periods have no all-day form. */
  start: string;
  end: string;
  startTzid?: string | null;
  endTzid?: string | null;
}

export interface DeleteAvailablePeriodInput {
  availablePeriodId: string;
}

const RELATIVE_URL = '/v1/available_periods';

/** `POST /v1/available_periods`, an upsert keyed by the caller's `available_period_id`. */
export function upsertAvailablePeriod(input: UpsertAvailablePeriodInput): Built<'upsertAvailablePeriod'> {
  const checks = new Checks();
  checkId(checks, input.availablePeriodId);
  checks.period(input.start, input.end);
  checks.timeZone('startTzid', input.startTzid);
  checks.timeZone('endTzid', input.endTzid);
  if (checks.errors.length > 0) return { ok: false, kind: 'upsertAvailablePeriod', errors: checks.errors };
  const data = {
    available_period_id: input.availablePeriodId,
    start: boundary(input.start, input.startTzid),
    end: boundary(input.end, input.endTzid),
  };
  return {
    ok: true,
    write: {
      kind: 'upsertAvailablePeriod',
      entry: { method: 'POST', relative_url: RELATIVE_URL, data },
      resource: resourceOf('upsertAvailablePeriod', { availablePeriodId: input.availablePeriodId }),
      ids: { availablePeriodId: input.availablePeriodId },
    },
  };
}

/** `DELETE /v1/available_periods` with `{ available_period_id }`. */
export function deleteAvailablePeriod(input: DeleteAvailablePeriodInput): Built<'deleteAvailablePeriod'> {
  const checks = new Checks();
  checkId(checks, input.availablePeriodId);
  if (checks.errors.length > 0) return { ok: false, kind: 'deleteAvailablePeriod', errors: checks.errors };
  return {
    ok: true,
    write: {
      kind: 'deleteAvailablePeriod',
      entry: { method: 'DELETE', relative_url: RELATIVE_URL, data: { available_period_id: input.availablePeriodId } },
      resource: resourceOf('deleteAvailablePeriod', { availablePeriodId: input.availablePeriodId }),
      ids: { availablePeriodId: input.availablePeriodId },
    },
  };
}

function checkId(checks: Checks, id: string): void {
  checks.notBlank('availablePeriodId', id);
  checks.maxLength('availablePeriodId', id, 64);
  if (!/^[\x20-\x7e]*$/.test(id)) {
    checks.fail('availablePeriodId', 'errors.invalid', 'availablePeriodId must be printable ASCII: letters, digits and punctuation only.');
  }
}
