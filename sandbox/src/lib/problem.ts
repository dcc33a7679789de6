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
	| "IDEMPOTENCY_KEY_REQUIRED"
	| "IDEMPOTENCY_KEY_REUSED"
	| "PAYMENT_LINK_UNAVAILABLE"
	| "PAYMENT_NOT_FOUND"
	| "PAYMENT_ALREADY_PAID"
	| "PAYMENT_NOT_PAID"
	| "PAYMENT_FINAL"
	| "REFUND_EXCEEDS_PAYMENT"
	| "NO_WEBHOOK_EVENT"
	| "FAULT_INJECTED"
	| "PARTNER_UNAVAILABLE"
	| "REJECTED"
	| "ORDER_NOT_FOUND"
	| "ILLEGAL_TRANSITION"
	| "DOCUMENT_NOT_FOUND"
	| "DOCUMENT_NOT_READY"
	| "OUTSIDE_COVERAGE"
	| "CONFIG_NOT_FOUND"
	| "CLIENT_UNKNOWN"
	| "INTERNAL_ERROR";

export type FieldError = { path: string; message: string };

/**
 * RFC 9457 problem details, plus our `code`, optional field errors and optional extension
 * members (such as the payment a conflict is about).
 */
export type Problem = {
	type: string;
	title: string;
	status: number;
	detail: string;
	code: ErrorCode;
	errors?: FieldError[];
	[extension: string]: unknown;
};

/** Extra members of a problem; a standard member of the same name wins. */
export type Extensions = Record<string, unknown>;

const titles: Record<ErrorCode, string> = {
	MALFORMED_JSON: "Malformed JSON",
	VALIDATION_FAILED: "Validation failed",
	NOT_FOUND: "Not found",
	SEARCH_REJECTED: "Search rejected",
	SESSION_NOT_FOUND: "Session not found",
	SESSION_EXPIRED: "Session expired",
	FLEET_NOT_FOUND: "Fleet not found",
	IDEMPOTENCY_KEY_REQUIRED: "Idempotency key required",
	IDEMPOTENCY_KEY_REUSED: "Idempotency key reused",
	PAYMENT_LINK_UNAVAILABLE: "Payment link unavailable",
	PAYMENT_NOT_FOUND: "Payment not found",
	PAYMENT_ALREADY_PAID: "Payment already paid",
	PAYMENT_NOT_PAID: "Payment not paid",
	PAYMENT_FINAL: "Payment is final",
	REFUND_EXCEEDS_PAYMENT: "Refund exceeds payment",
	NO_WEBHOOK_EVENT: "No webhook event",
	FAULT_INJECTED: "Fault injected",
	PARTNER_UNAVAILABLE: "Partner unavailable",
	REJECTED: "Rejected by the partner",
	ORDER_NOT_FOUND: "Order not found",
	ILLEGAL_TRANSITION: "Illegal transition",
	DOCUMENT_NOT_FOUND: "Document not found",
	DOCUMENT_NOT_READY: "Document not ready",
	OUTSIDE_COVERAGE: "Outside coverage",
	CONFIG_NOT_FOUND: "Configuration not found",
	CLIENT_UNKNOWN: "Unknown client",
	INTERNAL_ERROR: "Internal error",
};

/** The one error type routes throw; `onError` renders it as problem+json. */
export class ApiError extends Error {
	constructor(
		readonly status: ContentfulStatusCode,
		readonly code: ErrorCode,
		detail: string,
		readonly errors?: FieldError[],
		readonly extensions?: Extensions,
	) {
		super(detail);
		this.name = "ApiError";
	}
}

export function toProblem(
	status: number,
	code: ErrorCode,
	detail: string,
	errors?: FieldError[],
	extensions?: Extensions,
): Problem {
	const type = `/problems/${code.toLowerCase().replaceAll("_", "-")}`;
	const problem: Problem = { type, title: titles[code], status, detail, code };
	if (errors) problem.errors = errors;
	return extensions ? { ...extensions, ...problem } : problem;
}

export function problemResponse(
	c: Context,
	status: ContentfulStatusCode,
	code: ErrorCode,
	detail: string,
	errors?: FieldError[],
	extensions?: Extensions,
): Response {
	return c.body(JSON.stringify(toProblem(status, code, detail, errors, extensions)), status, {
		"content-type": "application/problem+json",
	});
}

export function onError(err: Error, c: Context): Response {
	if (err instanceof ApiError) {
		return problemResponse(c, err.status, err.code, err.message, err.errors, err.extensions);
	}
	console.error("sandbox: unhandled error", err);
	return problemResponse(c, 500, "INTERNAL_ERROR", "The sandbox failed to handle the request.");
}

export function notFound(c: Context): Response {
	return problemResponse(c, 404, "NOT_FOUND", `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`);
}
