import ky, { type KyInstance, TimeoutError } from "ky";
import type { z } from "zod";
import { ID_PATTERN } from "../lib/ids";
import { traceHeaders } from "../lib/trace";

/**
 * The shared transport for every upstream client: ky with a timeout and no hidden retries
 * (callers decide what is safe to retry), JSON in and out, and zod-checked answers. Clients
 * never throw for what an upstream does: they answer a typed fault, and only the HTTP edge turns
 * one into a status code (a Durable Object retries, the saga maps it to a step outcome).
 */
export interface Upstream {
	name: string;
	http: KyInstance;
}

/**
 * What can go wrong with an upstream call: it timed out (it may have acted), it could not be
 * reached or answered 5xx/429, it refused the request (4xx, with its own code), or it answered
 * something that is not what it promised.
 */
export type FaultKind = "timeout" | "unavailable" | "rejected" | "malformed";
export interface Fault {
	ok: false;
	kind: FaultKind;
	detail: string;
	status?: number;
	/** A rejection's own problem code and field errors, when the upstream gave them. */
	code?: string;
	errors?: Array<{ path: string; message: string }>;
}
export type Reply<T> = { ok: true; value: T } | Fault;

export const ok = <T>(value: T): Reply<T> => ({ ok: true, value });
export const fault = (kind: FaultKind, detail: string, extra: Partial<Fault> = {}): Fault => ({
	ok: false,
	kind,
	detail,
	...extra,
});

/**
 * ky for one upstream: a timeout, no hidden retries, and every request sent with the trace it is
 * made in (traceparent and X-Request-Id), so the upstream's logs line up with ours.
 */
export function upstreamHttp(baseUrl: string, timeoutMs: number): KyInstance {
	return ky.create({
		prefix: baseUrl,
		timeout: timeoutMs,
		retry: 0,
		throwHttpErrors: false,
		hooks: {
			beforeRequest: [
				({ request }) => {
					for (const [name, value] of Object.entries(traceHeaders())) request.headers.set(name, value);
				},
			],
		},
	});
}

export function upstream(name: string, baseUrl: string, timeoutMs: number): Upstream {
	return { name, http: upstreamHttp(baseUrl, timeoutMs) };
}

export interface UpstreamReply {
	status: number;
	body: unknown;
}

export async function send(
	up: Upstream,
	method: "get" | "post",
	path: string,
	json?: unknown,
	headers?: Record<string, string>,
): Promise<Reply<UpstreamReply>> {
	let response: Response;
	try {
		response = await up.http(path, { method, headers, ...(json === undefined ? {} : { json }) });
	} catch (error) {
		return error instanceof TimeoutError
			? fault("timeout", `The ${up.name} timed out.`)
			: fault("unavailable", `The ${up.name} could not be reached.`);
	}
	if (response.status >= 500 || response.status === 429) {
		await response.body?.cancel();
		return fault("unavailable", `The ${up.name} answered ${response.status}.`, { status: response.status });
	}
	const text = await response.text();
	try {
		return ok({ status: response.status, body: text ? JSON.parse(text) : undefined });
	} catch {
		return fault("malformed", `The ${up.name} answered ${response.status} with a body that is not JSON.`);
	}
}

/** A zod-checked answer, or a `malformed` fault. */
export function parsed<S extends z.ZodType>(up: Upstream, schema: S, body: unknown): Reply<z.infer<S>> {
	const result = schema.safeParse(body);
	return result.success
		? ok(result.data)
		: fault("malformed", `The ${up.name} answered with an unexpected shape.`);
}

/** An answer the client did not expect (a 4xx it has no meaning for): a rejection. */
export function refused(up: Upstream, what: string, reply: UpstreamReply): Fault {
	const problem = (reply.body ?? {}) as { code?: unknown; detail?: unknown };
	return fault("rejected", `The ${up.name} refused ${what} (${reply.status}).`, {
		status: reply.status,
		...(typeof problem.code === "string" ? { code: problem.code } : {}),
	});
}

/**
 * Threads a reply through `next` when it succeeded; a fault passes through unchanged. (Not named
 * `then`: a module exporting `then` is a thenable, and awaiting its namespace would call it.)
 */
export async function andThen<T, U>(
	reply: Reply<T> | Promise<Reply<T>>,
	next: (value: T) => Reply<U> | Promise<Reply<U>>,
): Promise<Reply<U>> {
	const settled = await reply;
	return settled.ok ? next(settled.value) : settled;
}

/**
 * One path segment of an upstream URL, from an id: only text of the id pattern is ever put in
 * a URL (anything else would change the path, or throw while encoding a lone surrogate).
 */
export function segment(id: string): string | undefined {
	return ID_PATTERN.test(id) ? id : undefined;
}

/** For callers that retry on any failure (outbox effects, the queue consumer): a fault as an error. */
export function orThrow<T>(reply: Reply<T>): T {
	if (reply.ok) return reply.value;
	throw new Error(`${reply.kind}: ${reply.detail}`);
}
