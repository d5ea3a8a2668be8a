import { boundary } from './body.js';
import { Checks } from './checks.js';
import { type Built, resourceOf } from './write.js';

export interface UpsertAvailablePeriodInput {
  availablePeriodId: string;
  /** Normalised UTC instants; available periods have no all-day form. */
  start: string;
  end: string;
  /** Absent sends the boundary as a plain Time; `null` has no meaning at Cronofy and is refused. */
  startTzid?: string | null;
  endTzid?: string | null;
}

export interface DeleteAvailablePeriodInput {
  availablePeriodId: string;
}

export interface DeleteAllAvailablePeriodsInput {
  /** Cronofy's `delete_all`: required, and it must be true. */
  deleteAll: boolean;
}

const RELATIVE_URL = '/v1/available_periods';

/** `POST /v1/available_periods`, an upsert keyed by the caller's `available_period_id`. */
export function upsertAvailablePeriod(input: UpsertAvailablePeriodInput): Built<'upsertAvailablePeriod'> {
  const checks = new Checks();
  checkId(checks, input.availablePeriodId);
  checks.period(input.start, input.end);
  for (const [field, boundaryName] of [
    ['startTzid', 'start'],
    ['endTzid', 'end'],
  ] as const) {
    const instead = `leave ${field} out to send ${boundaryName} as a plain UTC time, or give an IANA time zone such as "Europe/London".`;
    if (!checks.notNull(field, input[field], instead)) checks.timeZone(field, input[field]);
  }
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

/**
 * `DELETE /v1/available_periods` with `{ delete_all: true }` (Bulk Delete Available Periods): every
 * available period of the account goes. Its resource overlaps every other available-period
 * write, so the batcher never sends it beside or concurrently with one.
 */
export function deleteAllAvailablePeriods(input: DeleteAllAvailablePeriodsInput): Built<'deleteAllAvailablePeriods'> {
  if (input.deleteAll !== true) {
    return {
      ok: false,
      kind: 'deleteAllAvailablePeriods',
      errors: [
        {
          field: 'deleteAll',
          key: 'errors.invalid',
          description:
            'deleteAll must be true: it confirms that every available period of the account is to be deleted. To delete one, use deleteAvailablePeriod.',
        },
      ],
    };
  }
  return {
    ok: true,
    write: {
      kind: 'deleteAllAvailablePeriods',
      entry: { method: 'DELETE', relative_url: RELATIVE_URL, data: { delete_all: true } },
      resource: resourceOf('deleteAllAvailablePeriods', {}),
      ids: {},
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
