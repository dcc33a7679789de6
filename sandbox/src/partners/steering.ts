/**
 * Steering through an order item's `details.notes`, like a test card. Tokens are separated by
 * whitespace and can be combined:
 *
 *   sandbox:reject           the book call is a definite rejection (422 REJECTED)
 *   sandbox:timeout          the order is booked, but the answer is held for PARTNER_TIMEOUT_HOLD
 *   sandbox:flaky:N          the first N book attempts with one idempotency key answer 503
 *   sandbox:slow:MS          every answer to the book call is delayed by MS
 *   sandbox:async-confirm    answers PENDING, then confirms by callback after ASYNC_CONFIRM_DELAY
 *   sandbox:async-reject     answers PENDING, then rejects by callback after ASYNC_CONFIRM_DELAY
 *   sandbox:cancel-fails:N   the first N cancel calls for the order answer 503
 */

const MAX_COUNT = 100;
const MAX_SLOW_MS = 60_000;

export type Steering = {
	reject: boolean;
	timeout: boolean;
	flaky: number;
	slowMs: number;
	async: "CONFIRM" | "REJECT" | null;
	cancelFails: number;
};

function count(tokens: readonly string[], name: string, max: number): number {
	for (const token of tokens) {
		const match = new RegExp(`^sandbox:${name}:(\\d+)$`).exec(token);
		if (match) return Math.min(Number(match[1]), max);
	}
	return 0;
}

export function notesOf(details: Readonly<Record<string, unknown>>): string {
	return typeof details.notes === "string" ? details.notes : "";
}

export function steering(notes: string): Steering {
	const tokens = notes.split(/\s+/).filter((token) => token.startsWith("sandbox:"));
	const has = (token: string) => tokens.includes(token);
	let async: Steering["async"] = null;
	if (has("sandbox:async-confirm")) async = "CONFIRM";
	if (has("sandbox:async-reject")) async = "REJECT";
	return {
		reject: has("sandbox:reject"),
		timeout: has("sandbox:timeout"),
		flaky: count(tokens, "flaky", MAX_COUNT),
		slowMs: count(tokens, "slow", MAX_SLOW_MS),
		async,
		cancelFails: count(tokens, "cancel-fails", MAX_COUNT),
	};
}
