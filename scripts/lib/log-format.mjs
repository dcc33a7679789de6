// How `npm start` shows the orchestrator's structured log lines: one short line per entry,
// coloured by level when the terminal takes colour. LOG_FORMAT=json leaves the raw JSON lines.
//
//   12:04:31.207 INFO  request     POST /v1/orders 201 48ms                    req 5f1c2a9e trace 3b0d1e77
//   12:04:31.540 INFO  saga.step   bkg_9x… oi_4k… TAXI attempt 1 ok 12ms     req 5f1c2a9e trace 3b0d1e77
//
// A line that is not one of ours (Miniflare's, a stack trace) passes through unchanged.

const COLOURS = { debug: "\x1b[2m", info: "\x1b[36m", warn: "\x1b[33m", error: "\x1b[31m" };
const RESET = "\x1b[0m";
const DIM = "\x1b[2m";
const SHOWN_ELSEWHERE = new Set(["level", "msg", "requestId", "traceId", "time"]);

function value(v) {
	if (v === null || v === undefined) return "-";
	if (typeof v === "string") return v.includes(" ") ? JSON.stringify(v) : v;
	return JSON.stringify(v);
}

/** The fields of one entry, in a readable order: what happened first, ids last. */
function body(entry) {
	if (entry.msg === "request") return `${entry.method} ${entry.route} ${entry.status} ${entry.ms}ms`;
	if (entry.msg === "booking.transition") {
		const status = entry.from === entry.to ? entry.to : `${entry.from ?? "new"}→${entry.to}`;
		const payment =
			entry.paymentFrom === entry.paymentTo
				? entry.paymentTo
				: `${entry.paymentFrom ?? "new"}→${entry.paymentTo}`;
		const events = entry.events?.length ? ` (${entry.events.join(", ")})` : "";
		return `${entry.bookingId} v${entry.version} ${status}, payment ${payment}${events}`;
	}
	return Object.entries(entry)
		.filter(([key]) => !SHOWN_ELSEWHERE.has(key))
		.map(([key, v]) => (key === "bookingId" ? String(v) : `${key}=${value(v)}`))
		.join(" ");
}

/**
 * A line formatter for the orchestrator's output. `json`: print lines as they are. `colour`:
 * ANSI colours by level.
 */
export function logFormatter({
	json = process.env.LOG_FORMAT === "json",
	colour = Boolean(process.stdout.isTTY),
} = {}) {
	return (line) => {
		if (json || !line.startsWith("{")) return line;
		let entry;
		try {
			entry = JSON.parse(line);
		} catch {
			return line;
		}
		if (typeof entry?.level !== "string" || typeof entry?.msg !== "string") return line;
		const time = new Date().toISOString().slice(11, 23);
		const level = entry.level.toUpperCase().padEnd(5);
		const ids = [
			entry.requestId ? `req ${String(entry.requestId).slice(0, 8)}` : "",
			entry.traceId ? `trace ${String(entry.traceId).slice(0, 8)}` : "",
		]
			.filter(Boolean)
			.join(" ");
		const head = `${time} ${level} ${entry.msg.padEnd(19)} ${body(entry)}`;
		if (!colour) return ids ? `${head}  ${ids}` : head;
		const tint = COLOURS[entry.level] ?? "";
		return `${DIM}${time}${RESET} ${tint}${level}${RESET} ${entry.msg.padEnd(19)} ${body(entry)}${ids ? `  ${DIM}${ids}${RESET}` : ""}`;
	};
}
