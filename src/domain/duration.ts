const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * Parses the seed's duration notation ("30m", "15m", "5s", "500ms", "2h", "1d") or plain
 * seconds ("120") into milliseconds. Returns undefined for anything else.
 */
export function parseDuration(text: string): number | undefined {
	const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
	if (!match) return undefined;
	const value = Number(match[1]);
	const unit = (match[2] ?? "s") as keyof typeof UNIT_MS;
	const ms = Math.round(value * UNIT_MS[unit]);
	return ms > 0 ? ms : undefined;
}
