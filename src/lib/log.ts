/**
 * Structured logs: one JSON line per entry, with ids and never personal data. Every part of the
 * worker logs through here, so a line always has `level` and `msg` and parses the same way.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";

export function log(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
	const line = JSON.stringify({ level, msg, ...fields });
	if (level === "error") console.error(line);
	else if (level === "warn") console.warn(line);
	else console.log(line);
}

export const warn = (msg: string, fields?: Record<string, unknown>) => log("warn", msg, fields);
