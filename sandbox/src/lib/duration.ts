const units: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses "500ms", "5s", "15m", "2h", "1d" or plain seconds ("30") into milliseconds.
 * Returns undefined for anything else so the caller decides how loudly to fail.
 */
export function parseDuration(value: string): number | undefined {
	const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(value);
	if (!match) return undefined;
	const amount = Number(match[1]);
	const unit = units[match[2] ?? "s"];
	return unit === undefined ? undefined : Math.round(amount * unit);
}

/** A duration variable in milliseconds, `fallback` when unset; a malformed value is a config bug. */
export function durationVar(name: string, value: string | undefined, fallback: string): number {
	const ms = parseDuration(value ?? fallback);
	if (ms === undefined) throw new Error(`${name} is not a duration: ${value}`);
	return ms;
}
