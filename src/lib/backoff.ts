/**
 * Exponential backoff with jitter, the one used for every retry (outbox deliveries, saga steps
 * and compensations): attempt 1 waits about `baseMs`, each next one twice as long, capped at
 * `maxMs`; the wait is drawn from the upper half of that, so retries of many callers spread out.
 */
export function jitteredBackoff(
	attempt: number,
	{ baseMs, maxMs }: { baseMs: number; maxMs: number },
	random: () => number = Math.random,
): number {
	const base = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
	return Math.round(base / 2 + (random() * base) / 2);
}
