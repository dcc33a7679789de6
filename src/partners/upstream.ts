import ky, { type KyInstance, TimeoutError } from "ky";
import type { z } from "zod";
import { ApiError } from "../lib/errors";
import { ID_PATTERN } from "../lib/ids";

/**
 * The shared transport for every upstream client: ky with a timeout and no hidden retries
 * (callers decide what is safe to retry), JSON in and out, and zod-checked answers. A
 * transport fault or a 5xx is UPSTREAM_UNAVAILABLE; an answer of the wrong shape is
 * UPSTREAM_INVALID. Neither ever reaches a client as a 500.
 */
export interface Upstream {
	name: string;
	http: KyInstance;
}

export function upstream(name: string, baseUrl: string, timeoutMs: number): Upstream {
	return {
		name,
		http: ky.create({ prefix: baseUrl, timeout: timeoutMs, retry: 0, throwHttpErrors: false }),
	};
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
): Promise<UpstreamReply> {
	let response: Response;
	try {
		response = await up.http(path, { method, headers, ...(json === undefined ? {} : { json }) });
	} catch (error) {
		const why = error instanceof TimeoutError ? "timed out" : "could not be reached";
		throw new ApiError("UPSTREAM_UNAVAILABLE", `The ${up.name} ${why}.`);
	}
	if (response.status >= 500 || response.status === 429) {
		throw new ApiError("UPSTREAM_UNAVAILABLE", `The ${up.name} answered ${response.status}.`);
	}
	const text = await response.text();
	try {
		return { status: response.status, body: text ? JSON.parse(text) : undefined };
	} catch {
		throw new ApiError(
			"UPSTREAM_INVALID",
			`The ${up.name} answered ${response.status} with a body that is not JSON.`,
		);
	}
}

/**
 * One path segment of an upstream URL, from an id: only text of the id pattern is ever put in
 * a URL (anything else would change the path, or throw while encoding a lone surrogate).
 */
export function segment(up: Upstream, id: string): string {
	if (!ID_PATTERN.test(id))
		throw new ApiError("UPSTREAM_INVALID", `The ${up.name} was given an id that is not one.`);
	return id;
}

export function parseReply<S extends z.ZodType>(up: Upstream, schema: S, body: unknown): z.infer<S> {
	const parsed = schema.safeParse(body);
	if (!parsed.success) {
		throw new ApiError("UPSTREAM_INVALID", `The ${up.name} answered with an unexpected shape.`);
	}
	return parsed.data;
}
