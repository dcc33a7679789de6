import { describe, expect, it } from "vitest";
import type { BookingState, OrderItemStatus } from "../../src/domain/booking";
import { sagaStatusOf } from "../../src/domain/booking";
import { bookingFixture } from "../support/history-fixtures";

/** The saga status operators search by, as the booking's own state shows it. */
function booking(status: BookingState["status"], paid: boolean, items: OrderItemStatus[]): BookingState {
	const base = bookingFixture("bk_saga_status");
	return {
		...base,
		status,
		payment: { ...base.payment, ...(paid ? { paidAt: "2026-12-01T01:00:00.000Z" } : { paidAt: undefined }) },
		items: items.map((s, i) => ({
			...(base.items[i % base.items.length] as BookingState["items"][number]),
			status: s,
		})),
	};
}

describe("sagaStatusOf", () => {
	it.each([
		["CREATED", false, ["PENDING", "PENDING"], null],
		["CANCELED", true, ["PENDING"], null],
		["ACTIVE", true, ["BOOKING", "BOOKED"], "RUNNING"],
		["ACTIVE", true, ["BOOKED", "BOOKED"], "SUCCEEDED"],
		["ACTIVE", true, ["BOOKED", "BOOK_FAILED"], "COMPENSATING"],
		["ACTIVE", true, ["CANCELING", "BOOK_FAILED"], "COMPENSATING"],
		["FAILED", true, ["CANCELED", "BOOK_FAILED"], "FAILED"],
		["FAILED", false, ["PENDING"], null],
		["COMPLETED", true, ["DONE", "DONE"], "SUCCEEDED"],
		["ACTIVE", true, ["IN_PROGRESS", "CANCELED"], "SUCCEEDED"],
	] as const)("%s (paid: %s) with items %j is %s", (status, paid, items, expected) => {
		expect(sagaStatusOf(booking(status, paid, [...items]))).toBe(expected);
	});
});
