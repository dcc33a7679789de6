import { ApiError } from "../../lib/errors";
import type { Fault, Reply } from "../../partners/upstream";

/**
 * Where an upstream's fault becomes an HTTP answer (and only here): one that could not be
 * reached or timed out is 503 UPSTREAM_UNAVAILABLE; one that answered something it should not
 * have is 502 UPSTREAM_INVALID.
 */
export function problemOf(fault: Fault): ApiError {
	return fault.kind === "timeout" || fault.kind === "unavailable"
		? new ApiError("UPSTREAM_UNAVAILABLE", fault.detail)
		: new ApiError("UPSTREAM_INVALID", fault.detail);
}

/** The reply's value, or its fault as a problem. */
export function answered<T>(reply: Reply<T>): T {
	if (reply.ok) return reply.value;
	throw problemOf(reply);
}
