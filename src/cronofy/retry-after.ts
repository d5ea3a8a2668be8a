/**
 * `Retry-After` as Cronofy or a proxy in front of it may send it: whole seconds (`120`), a
 * decimal (`1.5`), or an HTTP-date. Returns milliseconds from `now`, or `undefined` when the
 * value is absent or unreadable (the caller then backs off on its own).
 *
 * ```ts
 * parseRetryAfter('1.5');                            // 1500
 * parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT');  // ms until then (0 if past)
 * ```
 */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
  if (Array.isArray(value)) value = value[0];
  if (typeof value === 'number') return value >= 0 ? Math.round(value * 1000) : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // Only an HTTP-date (it names a weekday or month); Date.parse would also read "-3" as a year.
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
