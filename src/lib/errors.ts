import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ConfigError } from "./config";
import { log } from "./log";
import { currentTrace } from "./trace";

/**
 * The one error model: every failure leaves the API as RFC 9457 problem+json with a stable
 * machine `code`. Codes are a public contract: add freely, never rename.
 */
export const errorCatalog = {
	VALIDATION_FAILED: { status: 400, title: "The request is invalid" },
	UNAUTHORIZED: { status: 401, title: "Authentication is required" },
	NOT_FOUND: { status: 404, title: "No such resource" },
	METHOD_NOT_ALLOWED: { status: 405, title: "Method not allowed" },
	PAYLOAD_TOO_LARGE: { status: 413, title: "Request body too large" },
	UNSUPPORTED_MEDIA_TYPE: { status: 415, title: "Unsupported media type" },
	BAD_REQUEST: { status: 400, title: "The request cannot be read" },
	CART_NOT_FOUND: { status: 404, title: "Cart not found" },
	CART_EXPIRED: { status: 404, title: "Cart expired" },
	ITEM_NOT_FOUND: { status: 404, title: "Item not found" },
	CART_FULL: { status: 409, title: "Cart is full" },
	CART_NOT_OPEN: { status: 409, title: "Cart can no longer be changed" },
	CART_CHANGED: { status: 409, title: "Cart changed during checkout" },
	CART_EMPTY: { status: 409, title: "Cart is empty" },
	PRICE_CHANGED: { status: 409, title: "A price changed since it was added" },
	PAYMENT_METHOD_LIMIT: { status: 409, title: "Too many unfinished bookings with this payment method" },
	PAYMENT_METHOD_DISABLED: { status: 422, title: "This payment method is not available now" },
	CARD_DAILY_BUDGET_EXCEEDED: { status: 409, title: "Daily card budget exceeded" },
	PAYMENT_LINK_UNAVAILABLE: { status: 502, title: "No payment link could be created" },
	BOOKING_NOT_FOUND: { status: 404, title: "Booking not found" },
	RECEIPT_NOT_AVAILABLE: { status: 409, title: "No receipt for this booking yet" },
	ORDER_ITEM_NOT_FOUND: { status: 404, title: "Order item not found" },
	DEAD_EVENT_NOT_FOUND: { status: 404, title: "No such dead event" },
	ACTION_NOT_ALLOWED: { status: 409, title: "This action is not allowed in the booking's current state" },
	REFUND_EXCEEDS_PAID: { status: 422, title: "The refund is more than what is left of the payment" },
	IDEMPOTENCY_KEY_REQUIRED: {
		status: 400,
		title: "An Idempotency-Key header is required",
		detail:
			"Send an Idempotency-Key header (1 to 128 letters, digits, '.', '_', ':' or '-') so a retried action applies once.",
	},
	BOOKING_NOT_CANCELABLE: { status: 409, title: "Booking can no longer be canceled" },
	SIGNATURE_INVALID: { status: 401, title: "Signature missing, stale or invalid" },
	CALLBACK_MISMATCH: { status: 409, title: "The callback is not about the order it names" },
	RECEIPT_NOT_REQUESTED: { status: 409, title: "No such receipt was requested for this booking" },
	AMOUNT_MISMATCH: { status: 400, title: "Amount does not match the booking" },
	PAYMENT_MISMATCH: { status: 400, title: "Payment does not belong to the booking" },
	FORBIDDEN: { status: 403, title: "Not allowed" },
	IDEMPOTENCY_KEY_REUSED: {
		status: 409,
		title: "Idempotency key reused with another request",
		detail: "This Idempotency-Key was already used with a different request; use a new key.",
	},
	QUOTE_EXPIRED: { status: 409, title: "The fleet quote expired" },
	SESSION_NOT_FOUND: { status: 422, title: "Unknown search session" },
	FLEET_NOT_FOUND: { status: 422, title: "Unknown fleet in this search session" },
	BUSINESS_TYPE_MISMATCH: { status: 422, title: "Business type differs from the search session" },
	DETAILS_MISMATCH: { status: 422, title: "Item details differ from the quoted search" },
	SEARCH_REJECTED: { status: 422, title: "The search was rejected" },
	PROMO_UNKNOWN: { status: 422, title: "Unknown promo code" },
	PROMO_EXPIRED: { status: 422, title: "Promo code expired" },
	PROMO_NOT_APPLICABLE: { status: 422, title: "Promo code does not apply to this cart" },
	RATE_LIMITED: { status: 429, title: "Too many requests" },
	UPGRADE_REQUIRED: { status: 426, title: "This route speaks WebSocket only" },
	UPSTREAM_UNAVAILABLE: { status: 503, title: "An upstream service is unavailable" },
	UPSTREAM_INVALID: { status: 502, title: "An upstream service answered unexpectedly" },
	INTERNAL: { status: 500, title: "Internal error" },
	BAD_ENVIRONMENT: { status: 500, title: "The service is misconfigured" },
} as const satisfies Record<string, { status: ContentfulStatusCode; title: string; detail?: string }>;

export type ErrorCode = keyof typeof errorCatalog;

export interface FieldError {
	path: string;
	message: string;
}

export class ApiError extends Error {
	readonly detail: string;

	/** Without a detail, the code's own sentence from the catalog (or its title). */
	constructor(
		readonly code: ErrorCode,
		detail?: string,
		readonly errors?: FieldError[],
		readonly headers?: Record<string, string>,
	) {
		const entry: { title: string; detail?: string } = errorCatalog[code];
		const said = detail ?? entry.detail ?? entry.title;
		super(`${code}: ${said}`);
		this.detail = said;
		this.name = "ApiError";
	}

	get status(): ContentfulStatusCode {
		return errorCatalog[this.code].status;
	}
}

export interface Problem {
	type: string;
	title: string;
	status: number;
	detail: string;
	code: ErrorCode;
	errors?: FieldError[];
	/** The request's X-Request-Id, to quote when asking about it. */
	requestId?: string;
}

export function problemType(code: ErrorCode): string {
	return `urn:order-orchestrator:problem:${code.toLowerCase().replaceAll("_", "-")}`;
}

export function toProblem(error: ApiError): Problem {
	const { status, title } = errorCatalog[error.code];
	return {
		type: problemType(error.code),
		title,
		status,
		detail: error.detail,
		code: error.code,
		...(error.errors ? { errors: error.errors } : {}),
	};
}

export function problemResponse(error: ApiError): Response {
	const requestId = currentTrace()?.requestId;
	return new Response(JSON.stringify({ ...toProblem(error), ...(requestId ? { requestId } : {}) }), {
		status: error.status,
		headers: { "content-type": "application/problem+json", ...error.headers },
	});
}

/**
 * Hono and its middleware throw HTTPException for what they refuse before a handler runs (a
 * body that is not JSON, a content type a route does not take, a body over the limit): each
 * becomes its own status and code, never a 500.
 */
function fromHttpException(err: HTTPException): ApiError {
	switch (err.status) {
		case 400:
			return new ApiError("VALIDATION_FAILED", "The request body is not valid JSON.", [
				{ path: "body", message: err.message },
			]);
		case 401:
			return new ApiError("UNAUTHORIZED", err.message || "Authentication is required.");
		case 404:
			return new ApiError("NOT_FOUND", err.message || "No such resource.");
		case 405:
			return new ApiError("METHOD_NOT_ALLOWED", err.message || "Method not allowed.");
		case 413:
			return new ApiError("PAYLOAD_TOO_LARGE", "The request body is too large.");
		case 415:
			return new ApiError(
				"UNSUPPORTED_MEDIA_TYPE",
				"This route takes a JSON body: send it with Content-Type: application/json.",
			);
		case 429:
			return new ApiError("RATE_LIMITED", err.message || "Too many requests.");
		default:
			return err.status < 500
				? new ApiError("BAD_REQUEST", err.message || `The request was refused (${err.status}).`)
				: new ApiError("INTERNAL", "An unexpected error occurred; it has been logged.");
	}
}

/** Maps anything thrown inside a request to problem+json; only real bugs become 500. */
export function onError(err: Error, c: Context): Response {
	if (err instanceof ApiError) return problemResponse(err);
	if (err instanceof HTTPException) return problemResponse(fromHttpException(err));
	if (err instanceof ConfigError) return badEnvironment(err);
	log("error", "unhandled", {
		path: c.req.path,
		error: String(err.stack ?? err),
		// Wrapped errors (drizzle's "Failed query", fetch failures) carry the real reason here.
		...(err.cause === undefined ? {} : { cause: String(err.cause) }),
	});
	return problemResponse(new ApiError("INTERNAL", "An unexpected error occurred; it has been logged."));
}

/** A bad variable: the operator is told which, and the request changes nothing. */
export function badEnvironment(err: ConfigError): Response {
	log("error", "bad environment", { variable: err.variable, problem: err.problem });
	return problemResponse(new ApiError("BAD_ENVIRONMENT", `The variable ${err.variable} ${err.problem}.`));
}

export function validationError(
	issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
	prefix?: string,
): ApiError {
	const errors = issues.map((issue) => ({
		path: [...(prefix ? [prefix] : []), ...issue.path.map(String)].join("."),
		message: issue.message,
	}));
	return new ApiError("VALIDATION_FAILED", "One or more fields are invalid.", errors);
}
