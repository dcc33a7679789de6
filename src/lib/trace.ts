import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Request ids and W3C Trace Context. Every request runs inside its trace (an AsyncLocalStorage
 * scope), so logs and upstream calls made anywhere below it carry the same ids without passing
 * them by hand. Work that outlives the request (outbox effects, the saga's alarm runs, queue
 * events) stores the trace it was started in and runs inside it again.
 *
 * Hand-written rather than hono/request-id (its id pattern allows `=` and 255 characters, the
 * contract here is 1-128 of [A-Za-z0-9._-]) or OpenTelemetry's propagator (a large dependency
 * for one header's grammar).
 */
export interface Trace {
	/** The id of the request that caused this work (the client's X-Request-Id when valid). */
	requestId: string;
	/** 32 lowercase hex digits: the W3C trace id, continued from the caller or started here. */
	traceId: string;
	/** 16 lowercase hex digits: this service's span in that trace. */
	spanId: string;
	/** Trace flags (two hex digits; 01 = sampled). */
	flags: string;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

const store = new AsyncLocalStorage<Trace>();

export const currentTrace = (): Trace | undefined => store.getStore();

/** Runs `fn` inside `trace` (or in whatever scope is current when there is none). */
export function withTrace<T>(trace: Trace | undefined, fn: () => T): T {
	return trace ? store.run(trace, fn) : fn();
}

function hex(bytes: number): string {
	const buffer = crypto.getRandomValues(new Uint8Array(bytes));
	return Array.from(buffer, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A non-zero random id of `bytes` bytes, in hex. */
function randomId(bytes: number): string {
	const id = hex(bytes);
	return /^0+$/.test(id) ? randomId(bytes) : id;
}

export function validRequestId(value: string | null | undefined): value is string {
	return typeof value === "string" && REQUEST_ID.test(value);
}

/** The caller's trace id and flags from a valid `traceparent`, or undefined. */
export function parseTraceparent(
	value: string | null | undefined,
): { traceId: string; flags: string } | undefined {
	const match = value ? TRACEPARENT.exec(value.trim()) : null;
	if (!match) return undefined;
	const [, version, traceId, parentId, flags, rest] = match as unknown as string[];
	// Version ff is invalid; version 00 has exactly four fields; ids of zeros are invalid.
	if (version === "ff" || (version === "00" && rest !== undefined)) return undefined;
	if (/^0+$/.test(traceId as string) || /^0+$/.test(parentId as string)) return undefined;
	return { traceId: traceId as string, flags: flags as string };
}

/** The trace of an incoming request: its id and trace continued when valid, else new ones. */
export function traceOfRequest(headers: Headers): Trace {
	const requestId = headers.get("x-request-id");
	const parent = parseTraceparent(headers.get("traceparent"));
	return {
		requestId: validRequestId(requestId) ? requestId : crypto.randomUUID(),
		traceId: parent?.traceId ?? randomId(16),
		spanId: randomId(8),
		flags: parent?.flags ?? "01",
	};
}

/** A trace for work nothing asked for (an expiry at its deadline): new ids, tagged by origin. */
export function newTrace(origin: string): Trace {
	return {
		requestId: `${origin}-${crypto.randomUUID()}`,
		traceId: randomId(16),
		spanId: randomId(8),
		flags: "01",
	};
}

/** The same request and trace, in a new span (deferred work resuming a stored trace). */
export function childOf(trace: Trace): Trace {
	return { ...trace, spanId: randomId(8) };
}

/** Headers for an upstream call: the current trace (a span of its own per call) and request id. */
export function traceHeaders(trace = currentTrace()): Record<string, string> {
	if (!trace) return {};
	return {
		traceparent: `00-${trace.traceId}-${randomId(8)}-${trace.flags}`,
		"x-request-id": trace.requestId,
	};
}

/**
 * A stored trace resumed in a new span (deferred work: an outbox effect, a queue event, an
 * alarm run), or a new trace tagged by `origin` when none was stored or it is not well formed.
 */
export function resumedTrace(stored: unknown, origin: string): Trace {
	const trace = stored as Partial<Trace> | null | undefined;
	const wellFormed =
		typeof trace === "object" &&
		trace !== null &&
		validRequestId(trace.requestId) &&
		typeof trace.traceId === "string" &&
		/^[0-9a-f]{32}$/.test(trace.traceId) &&
		typeof trace.flags === "string" &&
		/^[0-9a-f]{2}$/.test(trace.flags);
	return wellFormed ? childOf(trace as Trace) : newTrace(origin);
}
