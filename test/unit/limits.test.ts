import { describe, expect, it } from "vitest";
import { applyFees, type FeeRule } from "../../src/domain/fees";
import { checkReservation, jakartaDay, type LimitPolicy, type Reservation } from "../../src/domain/limits";

const policy: LimitPolicy = {
	concurrent: { GOPAY: 2, CREDIT_CARD: 2 },
	cardDailyBudget: 2_000_000,
	minimumRemainingBudget: 20_000,
};
const r = (bookingId: string, method: Reservation["method"], amount = 100_000): Reservation => ({
	bookingId,
	method,
	amount,
	day: "2026-12-01",
	countsAgainstBudget: method === "CREDIT_CARD",
});

describe("payment limits", () => {
	it("allows at most N unfinished bookings per method", () => {
		const active = [r("a", "GOPAY"), r("b", "GOPAY"), r("c", "OVO")];
		expect(checkReservation(policy, active, 0, r("d", "GOPAY"))).toEqual({
			ok: false,
			code: "PAYMENT_METHOD_LIMIT",
			limit: 2,
		});
		expect(checkReservation(policy, active, 0, r("d", "OVO"))).toEqual({ ok: true });
		expect(checkReservation(policy, active, 0, r("d", "CASH"))).toEqual({ ok: true });
	});

	it.each([
		["fits with room to spare", 1_000_000, 500_000, true],
		["uses the budget up exactly", 1_000_000, 1_000_000, true],
		["leaves exactly the minimum", 1_000_000, 980_000, true],
		["leaves less than the minimum", 1_000_000, 990_000, false],
		["exceeds the budget", 1_500_000, 600_000, false],
	])("card spend: %s", (_name, spent, amount, ok) => {
		const verdict = checkReservation(policy, [], spent, r("x", "CREDIT_CARD", amount));
		expect(verdict.ok).toBe(ok);
		if (!verdict.ok)
			expect(verdict).toEqual({
				ok: false,
				code: "CARD_DAILY_BUDGET_EXCEEDED",
				remaining: 2_000_000 - spent,
			});
	});

	it("counts days in Asia/Jakarta time", () => {
		expect(jakartaDay(Date.parse("2026-12-01T16:59:59Z"))).toBe("2026-12-01");
		expect(jakartaDay(Date.parse("2026-12-01T17:00:00Z"))).toBe("2026-12-02");
	});
});

describe("service fees", () => {
	const rules: FeeRule[] = [
		{
			feeId: "f1",
			code: "PLATFORM_FEE",
			name: "Platform fee",
			businessType: "TAXI",
			kind: "FIXED_PER_ITEM",
			value: 2_000,
		},
		{
			feeId: "f1",
			code: "PLATFORM_FEE",
			name: "Platform fee",
			businessType: "RENT",
			kind: "FIXED_PER_ITEM",
			value: 10_000,
		},
		{
			feeId: "f2",
			code: "CARD_SURCHARGE",
			name: "Card surcharge",
			paymentMethod: "CREDIT_CARD",
			kind: "PERCENT_OF_SUBTOTAL",
			value: 150,
		},
	];
	const items = [
		{ businessType: "TAXI" as const, amount: 50_000, units: 1 },
		{ businessType: "TAXI" as const, amount: 50_000, units: 1 },
	];

	it("charges fixed fees per item of the matching business type", () => {
		expect(applyFees(rules, { items, discountedSubtotal: 100_000, method: "GOPAY" })).toEqual([
			{ feeId: "f1", code: "PLATFORM_FEE", name: "Platform fee", businessType: "TAXI", amount: 4_000 },
		]);
	});

	it("adds the card surcharge on the discounted subtotal, rounded up", () => {
		const fees = applyFees(rules, { items, discountedSubtotal: 90_001, method: "CREDIT_CARD" });
		expect(fees.at(-1)).toEqual({
			feeId: "f2",
			code: "CARD_SURCHARGE",
			name: "Card surcharge",
			amount: 1_351,
		});
	});
});
