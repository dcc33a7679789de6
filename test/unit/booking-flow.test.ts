import { describe, expect, it } from "vitest";
import {
	BOOKING_TRANSITIONS,
	type BookingState,
	newBooking,
	PAYMENT_TRANSITIONS,
} from "../../src/domain/booking";
import * as bookingFlow from "../../src/domain/booking-flow";
import * as itemFlow from "../../src/domain/item-flow";
import * as refundFlow from "../../src/domain/refund-flow";
import type { Transition } from "../../src/domain/transition";

const flow = { ...bookingFlow, ...itemFlow, ...refundFlow };

const T0 = Date.parse("2026-12-01T00:00:00Z");
const fresh = (): BookingState =>
	newBooking(
		{
			id: "bkg_1",
			cartId: "cart_1",
			ownerId: "cust_1",
			channel: "APP",
			customer: { name: "A", email: "a@example.com", phone: "0812345678" },
			items: [],
			fees: [],
			pricing: { subtotal: 100_000, discount: 0, fees: 2_000, total: 102_000 },
			method: "GOPAY",
		},
		T0,
	);

function apply(t: Transition): BookingState {
	if (!t.changed) throw new Error("expected a change");
	return t.state;
}

const waiting = () =>
	apply(
		flow.linkIssued(
			fresh(),
			{ paymentId: "pay_1", url: "https://pay/1", expiresAt: "2026-12-01T00:30:00Z" },
			T0,
		),
	);
const kinds = (t: Transition) =>
	t.changed ? t.effects.map((e) => (e.kind === "event" ? e.type : e.kind)) : [];

describe("booking flow", () => {
	it("tables the seed's lifecycles", () => {
		expect(BOOKING_TRANSITIONS.CREATED).toEqual(["ACTIVE", "CANCELED"]);
		expect(BOOKING_TRANSITIONS.ACTIVE).toEqual(["COMPLETED", "FAILED"]);
		expect(PAYMENT_TRANSITIONS.PAID).toEqual(["REQUEST_REFUND", "CANCELED"]);
	});

	it("activates on payment and records history and events with it", () => {
		const t = flow.paid(waiting(), "2026-12-01T00:10:00Z", T0 + 1);
		expect(apply(t)).toMatchObject({
			status: "ACTIVE",
			payment: { status: "PAID", paidAt: "2026-12-01T00:10:00Z" },
			version: 3,
		});
		expect(kinds(t)).toEqual(["history", "payment.updated", "booking.active", "saga.start"]);
	});

	it("never moves a paid booking backwards", () => {
		const active = apply(flow.paid(waiting(), "x", T0));
		expect(flow.paymentEnded(active, "FAILED", T0).changed).toBe(false);
		expect(flow.cancelUnpaid(active, "CANCELED_BY_CUSTOMER", T0).changed).toBe(false);
		expect(flow.paid(active, "x", T0).changed).toBe(false);
	});

	it("cancels an unpaid booking with void, release and reopen", () => {
		const t = flow.cancelUnpaid(waiting(), "PAYMENT_EXPIRED", T0);
		expect(apply(t)).toMatchObject({
			status: "CANCELED",
			cancelReason: "PAYMENT_EXPIRED",
			payment: { status: "CANCELED" },
		});
		expect(kinds(t)).toEqual([
			"history",
			"payment.void",
			"payment.updated",
			"booking.canceled",
			"customer.release",
			"cart.reopen",
		]);
	});

	it("refunds in full a payment that arrives after the booking was canceled, once", () => {
		const canceled = apply(flow.cancelUnpaid(waiting(), "PAYMENT_EXPIRED", T0));
		const t = flow.paid(canceled, "late", T0 + 5);
		const refunding = apply(t);
		expect(refunding).toMatchObject({
			status: "CANCELED",
			payment: { status: "REQUEST_REFUND", paidAt: "late", refund: { amount: 102_000 } },
		});
		expect(t.changed && t.effects).toContainEqual({ kind: "payment.refund", amount: 102_000 });
		expect(flow.paid(refunding, "again", T0 + 6).changed).toBe(false);
		const done = apply(flow.refundSucceeded(refunding, T0 + 7));
		expect(done.payment.status).toBe("REFUND_SUCCESS");
		expect(flow.refundSucceeded(done, T0 + 8).changed).toBe(false);
	});

	it("releases the limit on a failed checkout only when one was reserved", () => {
		expect(kinds(flow.checkoutFailed(fresh(), "PAYMENT_METHOD_LIMIT", T0, false))).not.toContain(
			"customer.release",
		);
		expect(kinds(flow.checkoutFailed(fresh(), "PAYMENT_LINK_UNAVAILABLE", T0, true))).toContain(
			"customer.release",
		);
	});
});

describe("booking confirmation", () => {
	const withItems = (): BookingState => {
		const paid = apply(flow.paid(waiting(), "2026-12-01T00:10:00Z", T0 + 1));
		const item = (id: string) => ({
			id,
			cartItemId: "item_1",
			businessType: "TAXI" as const,
			fleetId: "f",
			name: "Taxi",
			status: "PENDING" as const,
			quantity: 1,
			unitPrice: 50_000,
			amount: 50_000,
			details: {},
			fareComponents: [],
		});
		return { ...paid, items: [item("oi_a"), item("oi_b")] };
	};

	it("confirms once every item is booked, and only once", () => {
		const half = apply(
			flow.sagaProgressed(
				withItems(),
				[{ itemId: "oi_a", status: "BOOKED", partnerRef: "r1" }],
				false,
				T0 + 2,
			),
		);
		expect(
			kinds(flow.sagaProgressed(withItems(), [{ itemId: "oi_a", status: "BOOKED" }], false, T0 + 2)),
		).not.toContain("booking.confirmed");
		const all = flow.sagaProgressed(
			half,
			[
				{ itemId: "oi_a", status: "BOOKED", partnerRef: "r1" },
				{ itemId: "oi_b", status: "BOOKED", partnerRef: "r2" },
			],
			false,
			T0 + 3,
		);
		expect(kinds(all)).toContain("booking.confirmed");
		const again = flow.sagaProgressed(
			apply(all),
			[{ itemId: "oi_b", status: "BOOKED", partnerRef: "r2b" }],
			false,
			T0 + 4,
		);
		expect(kinds(again)).not.toContain("booking.confirmed");
	});
});
