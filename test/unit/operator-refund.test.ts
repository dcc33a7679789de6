import { describe, expect, it } from "vitest";
import type { BookingState } from "../../src/domain/booking";
import {
	operatorRefund,
	operatorRefundRefusal,
	refundedSoFar,
	refundKey,
	refundRequested,
	refundSucceeded,
} from "../../src/domain/refund-flow";
import { bookingFixture } from "../support/history-fixtures";

/** An operator's refund: allowed up to what is left of the payment, under its own key, once. */
const NOW = Date.parse("2026-12-01T05:00:00.000Z");

function paid(overrides: Partial<BookingState["payment"]> = {}): BookingState {
	const base = bookingFixture("bk_op_refund");
	return {
		...base,
		status: "ACTIVE",
		payment: {
			...base.payment,
			method: "GOPAY",
			status: "PAID",
			amount: 100_000,
			paymentId: "pay_1",
			paidAt: "2026-12-01T04:00:00.000Z",
			...overrides,
		},
	};
}

describe("operator refunds", () => {
	it.each([
		[
			"a booking never paid",
			paid({ paidAt: undefined, status: "WAITING_FOR_PAYMENT" }),
			1_000,
			"ACTION_NOT_ALLOWED",
		],
		["a cash payment", paid({ method: "CASH" }), 1_000, "ACTION_NOT_ALLOWED"],
		["more than was paid", paid(), 100_001, "REFUND_EXCEEDS_PAID"],
		[
			"more than is left after an item's share",
			paid({ partialRefunds: [{ itemId: "oi_1", amount: 60_000, requestedAt: "2026-12-01T04:30:00.000Z" }] }),
			40_001,
			"REFUND_EXCEEDS_PAID",
		],
		["exactly what is left", paid(), 100_000, undefined],
		["a part of it", paid(), 25_000, undefined],
	] as const)("on %s: %s", (_what, state, amount, refusal) => {
		expect(operatorRefundRefusal(state, amount)?.code).toBe(refusal);
		const result = operatorRefund(state, amount, "act_1", NOW);
		expect(result.changed).toBe(refusal === undefined);
	});

	it("asks the processor under the action's key, once, and is confirmed by that key", () => {
		const asked = operatorRefund(paid(), 25_000, "act_7", NOW);
		if (!asked.changed) throw new Error("not applied");
		expect(asked.effects).toContainEqual({ kind: "payment.refund", amount: 25_000, actionId: "act_7" });
		expect(refundedSoFar(asked.state)).toBe(25_000);
		expect(asked.state.payment.status).toBe("PAID");
		expect(operatorRefund(asked.state, 25_000, "act_7", NOW).changed).toBe(false);

		const named = refundRequested(asked.state, "rf_9", NOW, "act_7");
		expect(named.state.payment.partialRefunds?.[0]).toMatchObject({ actionId: "act_7", refundId: "rf_9" });
		const done = refundSucceeded(named.state, NOW + 1_000, { reference: refundKey("bk_op_refund", "act_7") });
		if (!done.changed) throw new Error("not confirmed");
		expect(done.state.payment.partialRefunds?.[0]?.succeededAt).toEqual(expect.any(String));
		expect(done.effects).toContainEqual({
			kind: "event",
			type: "payment.refunded",
			data: { actionId: "act_7", amount: 25_000 },
		});
	});
});
