import { describe, expect, it } from "vitest";
import { type BookingState, newBooking, type OrderItemStatus } from "../../src/domain/booking";
import {
	canMoveItem,
	ORDER_ITEM_TRANSITIONS,
	partnerUpdated,
	sagaProgressed,
} from "../../src/domain/item-flow";

/** The order item's lifecycle: one table, every move checked against it, allowed and refused. */
const STATUSES: OrderItemStatus[] = [
	"PENDING",
	"BOOKING",
	"BOOKED",
	"BOOK_FAILED",
	"IN_PROGRESS",
	"DONE",
	"CANCELING",
	"CANCELED",
];

/** Where each status may end up (written out by hand, not derived from the table). */
const REACHABLE: Record<OrderItemStatus, OrderItemStatus[]> = {
	PENDING: ["BOOKING", "BOOKED", "BOOK_FAILED", "IN_PROGRESS", "DONE", "CANCELING", "CANCELED"],
	BOOKING: ["BOOKED", "BOOK_FAILED", "IN_PROGRESS", "DONE", "CANCELING", "CANCELED"],
	BOOKED: ["BOOK_FAILED", "IN_PROGRESS", "DONE", "CANCELING", "CANCELED"],
	IN_PROGRESS: ["BOOK_FAILED", "DONE", "CANCELING", "CANCELED"],
	CANCELING: ["BOOK_FAILED", "CANCELED"],
	BOOK_FAILED: [],
	DONE: [],
	CANCELED: [],
};

const T0 = Date.parse("2026-12-01T00:00:00Z");
function withItem(status: OrderItemStatus): BookingState {
	const base = newBooking(
		{
			id: "bkg_1",
			cartId: "cart_1",
			ownerId: "cust_1",
			channel: "APP",
			customer: { name: "A", email: "a@example.com", phone: "+6281234567890" },
			items: [
				{
					id: "oi_1",
					cartItemId: "item_1",
					businessType: "TAXI",
					fleetId: "f",
					name: "Taxi",
					status,
					quantity: 1,
					unitPrice: 50_000,
					amount: 50_000,
					details: {},
					fareComponents: [],
					partnerRef: "taxi_1",
				},
			],
			fees: [],
			pricing: { subtotal: 50_000, discount: 0, fees: 0, total: 50_000 },
			method: "GOPAY",
		},
		T0,
	);
	// Already confirmed, so only the item's own move can change anything.
	return {
		...base,
		status: "ACTIVE",
		confirmedAt: new Date(T0).toISOString(),
		payment: { ...base.payment, status: "PAID" },
	};
}

describe("the order item lifecycle", () => {
	it("is written as single steps, each to a known status", () => {
		for (const [from, to] of Object.entries(ORDER_ITEM_TRANSITIONS)) {
			expect(STATUSES).toContain(from);
			for (const next of to) expect(STATUSES).toContain(next);
		}
	});

	describe.each(STATUSES)("from %s", (from) => {
		it.each(STATUSES)(`to %s is allowed only where the lifecycle leads`, (to) => {
			expect(canMoveItem(from, to)).toBe(REACHABLE[from].includes(to));
		});
	});

	it("lets the saga move an item only forward, and never once the partner is fulfilling it", () => {
		for (const from of STATUSES) {
			for (const to of STATUSES) {
				const moved = sagaProgressed(withItem(from), [{ itemId: "oi_1", status: to }], false, T0 + 1);
				const mayMove =
					["PENDING", "BOOKING", "BOOKED", "CANCELING"].includes(from) && REACHABLE[from].includes(to);
				expect(moved.changed && moved.state.items[0]?.status === to, `${from} → ${to}`).toBe(mayMove);
			}
		}
	});

	it.each([
		["BOOKED", "DRIVER_ASSIGNED", "BOOKED"],
		["BOOKED", "PICKED_UP", "IN_PROGRESS"],
		["BOOKED", "COMPLETED", "DONE"],
		["IN_PROGRESS", "COMPLETED", "DONE"],
		["BOOKED", "CANCELED_BY_PARTNER", "CANCELED"],
		["IN_PROGRESS", "CANCELED_BY_PARTNER", "CANCELED"],
	] as const)("lets a partner move %s on %s to %s", (from, status, to) => {
		const moved = partnerUpdated(
			withItem(from),
			{
				itemId: "oi_1",
				businessType: "TAXI",
				partnerRef: "taxi_1",
				status,
				occurredAt: new Date(T0).toISOString(),
			},
			T0 + 1,
		);
		expect(moved.changed).toBe(true);
		expect(moved.state.items[0]?.status).toBe(to);
	});

	it.each([
		["PENDING", "COMPLETED"],
		["BOOKING", "PICKED_UP"],
		["IN_PROGRESS", "DRIVER_ASSIGNED"],
		["IN_PROGRESS", "PICKED_UP"],
		["DONE", "CANCELED_BY_PARTNER"],
		["CANCELED", "COMPLETED"],
		["BOOK_FAILED", "PICKED_UP"],
		["CANCELING", "COMPLETED"],
	] as const)("refuses a partner's %s item going %s", (from, status) => {
		const moved = partnerUpdated(
			withItem(from),
			{
				itemId: "oi_1",
				businessType: "TAXI",
				partnerRef: "taxi_1",
				status,
				occurredAt: new Date(T0).toISOString(),
			},
			T0 + 1,
		);
		expect(moved.changed).toBe(false);
	});
});
