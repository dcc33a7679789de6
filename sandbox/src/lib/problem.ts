import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Stable machine codes of every problem the sandbox answers with. */
export type ErrorCode =
	| "MALFORMED_JSON"
	| "VALIDATION_FAILED"
	| "NOT_FOUND"
	| "SEARCH_REJECTED"
	| "SESSION_NOT_FOUND"
	| "SESSION_EXPIRED"
	| "FLEET_NOT_FOUND"
	| "INTERNAL_ERROR";

export type FieldError = { path: string; message: string };

/** RFC 9457 problem details, plus our `code` and optional field errors. */
export type Problem = {
	type: string;
	title: string;
	status: number;
	detail: string;
	code: ErrorCode;
	errors?: FieldError[];
};

const titles: Record<ErrorCode, string> = {
	MALFORMED_JSON: "Malformed JSON",
	VALIDATION_FAILED: "Validation failed",
	NOT_FOUND: "Not found",
	SEARCH_REJECTED: "Search rejected",
	SESSION_NOT_FOUND: "Session not found",
	SESSION_EXPIRED: "Session expired",
	FLEET_NOT_FOUND: "Fleet not found",
	INTERNAL_ERROR: "Internal error",
};

/** The one error type routes throw; `onError` renders it as problem+json. */
export class ApiError extends Error {
	constructor(
		readonly status: ContentfulStatusCode,
		readonly code: ErrorCode,
		detail: string,
		readonly errors?: FieldError[],
	) {
		super(detail);
		this.name = "ApiError";
	}
}

export function toProblem(status: number, code: ErrorCode, detail: string, errors?: FieldError[]): Problem {
	const type = `/problems/${code.toLowerCase().replaceAll("_", "-")}`;
	const problem: Problem = { type, title: titles[code], status, detail, code };
	return errors ? { ...problem, errors } : problem;
}

export function problemResponse(
	c: Context,
	status: ContentfulStatusCode,
	code: ErrorCode,
	detail: string,
	errors?: FieldError[],
): Response {
	return c.body(JSON.stringify(toProblem(status, code, detail, errors)), status, {
		"content-type": "application/problem+json",
	});
}

export function onError(err: Error, c: Context): Response {
	if (err instanceof ApiError) return problemResponse(c, err.status, err.code, err.message, err.errors);
	console.error("sandbox: unhandled error", err);
	return problemResponse(c, 500, "INTERNAL_ERROR", "The sandbox failed to handle the request.");
}

export function notFound(c: Context): Response {
	return problemResponse(c, 404, "NOT_FOUND", `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`);
}
