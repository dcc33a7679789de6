import { describe, expect, it } from "vitest";
import { type BookingState, bookingView, newBooking } from "../../src/domain/booking";
import { NOTIFIED_EVENTS, noticesFor } from "../../src/domain/notifications";
import type { BookingEventType } from "../../src/domain/transition";

const WIB = { zone: "WIB", timeZone: "Asia/Jakarta" };
const T0 = Date.parse("2026-12-01T01:00:00Z");

function booking(patch: Partial<BookingState> = {}, payment: Partial<BookingState["payment"]> = {}) {
	const base = newBooking(
		{
			id: "bkg_1",
			cartId: "cart_1",
			ownerId: "cust_1",
			channel: "APP",
			customer: { name: "Budi", email: "budi@example.com", phone: "+6281234567890" },
			items: [
				{
					id: "oi_1",
					cartItemId: "item_1",
					businessType: "TAXI",
					fleetId: "taxi-regular",
					name: "Taxi Regular",
					status: "BOOKED",
					quantity: 1,
					unitPrice: 50_000,
					amount: 50_000,
					details: {},
					fareComponents: [],
				},
			],
			fees: [],
			pricing: { subtotal: 50_000, discount: 0, fees: 2_000, total: 52_000 },
			method: "GOPAY",
		},
		T0,
	);
	return bookingView({ ...base, ...patch, payment: { ...base.payment, ...payment } });
}

describe("what the customer is told", () => {
	it("never confirms an order that is only paid: the confirmation waits for every item", () => {
		expect(NOTIFIED_EVENTS.has("booking.active")).toBe(false);
		expect(noticesFor({ type: "booking.active" }, booking({ status: "ACTIVE" }), WIB)).toEqual([]);
		const confirmed = noticesFor(
			{ type: "booking.confirmed" },
			booking({ status: "ACTIVE" }, { status: "PAID" }),
			WIB,
		);
		expect(confirmed.map((n) => n.template)).toEqual(["BOOKING_CONFIRMED", "BOOKING_CONFIRMED"]);
		expect(confirmed[0]?.body).toContain("Rp 52.000");
	});

	it("says what is being refunded on failure, and that it is back only once the processor said so", () => {
		const failed = booking(
			{ status: "FAILED", cancelReason: "SAGA_FAILED" },
			{ status: "REQUEST_REFUND", refund: { amount: 52_000, requestedAt: new Date(T0).toISOString() } },
		);
		const [email] = noticesFor({ type: "booking.failed" }, failed, WIB);
		expect(email?.body).toContain("Rp 52.000 is being refunded to your GOPAY");
		expect(email?.body).not.toMatch(/confirmed|was refunded/);
		const [back] = noticesFor({ type: "payment.refunded", data: { amount: 52_000 } }, failed, WIB);
		expect(back?.body).toContain("Rp 52.000 was refunded to your GOPAY");
		const cash = booking({ status: "FAILED" }, { method: "CASH", status: "CANCELED" });
		expect(noticesFor({ type: "booking.failed" }, cash, WIB)[0]?.body).toContain("Nothing was charged.");
	});

	it("tells the same on every channel, once per event", () => {
		const events: BookingEventType[] = [...NOTIFIED_EVENTS];
		for (const type of events) {
			const notices = noticesFor(
				{ type, data: { itemId: "oi_1", amount: 10_000 } },
				booking({ status: "ACTIVE" }),
				WIB,
			);
			expect(notices.map((n) => n.channel)).toEqual(["EMAIL", "SMS"]);
			expect(new Set(notices.map((n) => n.body)).size).toBe(1);
			expect(new Set(notices.map((n) => n.template)).size).toBe(1);
		}
	});
});
