import type { PaymentMethod } from "./payment-methods";

/**
 * Per-customer payment limits, enforced atomically by CustomerDO at order creation:
 * - at most N unfinished bookings per payment method (seed MAX_<METHOD>_CONCURRENT_BOOKING(S));
 * - card spend per Asia/Jakarta day within MAX_CREDIT_CARD_DAILY_BUDGET, and an order may not
 *   leave less than MINIMUM_REMAINING_BUDGET of it unless it uses the budget up exactly.
 */
export interface LimitPolicy {
	concurrent: Partial<Record<PaymentMethod, number>>;
	cardDailyBudget: number;
	minimumRemainingBudget: number;
}

export interface Reservation {
	bookingId: string;
	method: PaymentMethod;
	amount: number;
	/** Asia/Jakarta calendar day the card spend counts on (YYYY-MM-DD). */
	day: string;
	countsAgainstBudget: boolean;
}

export type LimitVerdict =
	| { ok: true }
	| { ok: false; code: "PAYMENT_METHOD_LIMIT"; limit: number }
	| { ok: false; code: "CARD_DAILY_BUDGET_EXCEEDED"; remaining: number };

export function checkReservation(
	policy: LimitPolicy,
	active: readonly Reservation[],
	spentToday: number,
	next: Reservation,
): LimitVerdict {
	const limit = policy.concurrent[next.method];
	if (limit !== undefined && active.filter((r) => r.method === next.method).length >= limit) {
		return { ok: false, code: "PAYMENT_METHOD_LIMIT", limit };
	}
	if (next.countsAgainstBudget) {
		const remaining = policy.cardDailyBudget - spentToday;
		const left = remaining - next.amount;
		if (left < 0 || (left > 0 && left < policy.minimumRemainingBudget)) {
			return { ok: false, code: "CARD_DAILY_BUDGET_EXCEEDED", remaining };
		}
	}
	return { ok: true };
}

const JAKARTA_OFFSET_MS = 7 * 3_600_000;

/** The Asia/Jakarta (UTC+7, no daylight saving) calendar day of an instant. */
export function jakartaDay(ms: number): string {
	return new Date(ms + JAKARTA_OFFSET_MS).toISOString().slice(0, 10);
}
