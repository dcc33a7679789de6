import { type ErrorCode, errorCatalog, problemType } from "../../lib/errors";

/** What a partner sees for the codes whose catalog entry says only a title. */
const DETAILS: Partial<Record<ErrorCode, string>> = {
	VALIDATION_FAILED: "One or more fields are invalid.",
	UNAUTHORIZED: "A valid bearer token is required.",
	SIGNATURE_INVALID: "The signature timestamp is outside the 300 s tolerance.",
	CART_NOT_FOUND: "No cart cart_4hT9q2ZxYvB7mN3kP8sR1w exists for this customer.",
	BOOKING_NOT_FOUND: "No booking bkg_4hT9q2ZxYvB7mN3kP8sR1w exists for this caller.",
	RATE_LIMITED: "Too many requests; retry after the Retry-After header's seconds.",
	INTERNAL: "An unexpected error occurred; it has been logged.",
};

const isCode = (value: string): value is ErrorCode => value in errorCatalog;

/** The example answer for one code, as the error model renders it. */
export function problemExample(code: ErrorCode) {
	const entry: { status: number; title: string; detail?: string } = errorCatalog[code];
	return {
		type: problemType(code),
		title: entry.title,
		status: entry.status,
		detail: DETAILS[code] ?? entry.detail ?? `${entry.title}.`,
		code,
		...(code === "VALIDATION_FAILED"
			? { errors: [{ path: "quantity", message: "Too big: expected number to be <=10" }] }
			: {}),
		requestId: "0d7c8b4e-2f0b-4d55-9a3e-6f1d2b7c9a10",
	};
}

/**
 * One named example per code a problem answer lists. A route's problem responses are declared by
 * code (shared/responses.ts), and each description names its codes: "CODE: title; CODE: title".
 */
export function problemExamples(description: string) {
	const codes = [...description.matchAll(/\b([A-Z][A-Z0-9_]+): /g)].map((m) => m[1] ?? "").filter(isCode);
	return Object.fromEntries(
		codes.map((code) => [code, { summary: errorCatalog[code].title, value: problemExample(code) }]),
	);
}
