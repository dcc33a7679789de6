import { currentTrace } from "./trace";

/**
 * Structured logs: one JSON line per entry, with ids and never personal data. Every part of the
 * worker logs through here, so a line always has `level` and `msg` and parses the same way, and
 * a line written inside a request's (or a resumed) trace carries its `requestId` and `traceId`.
 */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Lines below LOG_LEVEL (default info) are not written; set once the config is parsed. */
let threshold = LOG_LEVELS.indexOf("info");
export function setLogLevel(level: LogLevel): void {
	threshold = LOG_LEVELS.indexOf(level);
}

export function log(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
	if (LOG_LEVELS.indexOf(level) < threshold) return;
	const trace = currentTrace();
	const line = JSON.stringify({
		level,
		msg,
		...(trace ? { requestId: trace.requestId, traceId: trace.traceId } : {}),
		...fields,
	});
	if (level === "error") console.error(line);
	else if (level === "warn") console.warn(line);
	else console.log(line);
}

export const info = (msg: string, fields?: Record<string, unknown>) => log("info", msg, fields);
export const warn = (msg: string, fields?: Record<string, unknown>) => log("warn", msg, fields);
