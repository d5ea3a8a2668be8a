/**
 * What Cronofy's documented statuses mean, in words a caller can act on. One table for whole
 * calls and single entries, so the two never tell different stories about the same status.
 */
const MEANING: Record<number, string> = {
  401: 'the access token is wrong or has expired; refresh it and try again',
  402: "the application's plan does not include this feature (available periods need the Emerging plan or higher)",
  403: 'the access token lacks the scope or privilege for this write',
  404: 'the calendar or event was not found (or the request is not supported in a batch)',
  423: 'Cronofy holds no valid credentials for the calendar provider; the user must re-authorise',
  429: 'the rate limit is exceeded; try again later',
};

/** `Cronofy answered 403: the access token lacks …`; `subject` names what a 5xx may not have applied. */
export function describeStatus(status: number, subject = 'this write'): string {
  const meaning =
    MEANING[status] ??
    (status >= 500
      ? `a fault on Cronofy's side; ${subject} may or may not have been applied, so try again later`
      : `a refusal of ${subject}`);
  return `Cronofy answered ${status}: ${meaning}.`;
}
