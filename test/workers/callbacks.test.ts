import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
	bookedBooking,
	bookingDO,
	call,
	itemUpdate,
	partnerCallback,
	problem,
	receiptCallback,
	tokenFor,
} from "./support";

/** Callbacks change only what belongs to their caller: its own partner order, its own document. */
const vehicle = {
	plate: "B 9999 ZZZ",
	model: "Daihatsu Xenia",
	color: "Silver",
	driverName: "Joko",
	driverPhone: "+6281200000001",
};

const item = async (bookingId: string, index = 0) => {
	const held = (await bookingDO(bookingId).inspect()) as {
		booking?: { version: number; items: Array<{ status: string; vehicle?: unknown; partnerRef?: string }> };
	};
	return { version: held.booking?.version, item: held.booking?.items[index] };
};

describe("partner callbacks", () => {
	it("refuses a signed callback that names another partner order, and changes nothing", async () => {
		const { booking } = await bookedBooking("cust_cb_foreign_ref", 2);
		const before = await item(booking.id);
		// Item 0's callback, carrying item 1's partner reference.
		const foreign = await partnerCallback(
			itemUpdate(booking, 0, "DRIVER_ASSIGNED", { partnerRef: booking.items[1].partnerRef, vehicle }),
		);
		expect(foreign.status).toBe(409);
		expect(foreign.body).toEqual(problem("CALLBACK_MISMATCH", 409));
		const picked = await partnerCallback(itemUpdate(booking, 0, "PICKED_UP", { partnerRef: "TX-not-ours" }));
		expect(picked.body).toEqual(problem("CALLBACK_MISMATCH", 409));
		expect(await item(booking.id)).toEqual(before);
		expect(before.item?.vehicle).toBeUndefined();
		expect(before.item?.status).toBe("BOOKED");
	});

	it("refuses a callback from another partner about this one's order", async () => {
		const { booking } = await bookedBooking("cust_cb_foreign_type", 1);
		const before = await item(booking.id);
		// Signed by the rent partner with its own secret, about the taxi order.
		const asRent = await partnerCallback(itemUpdate(booking, 0, "COMPLETED", { businessType: "RENT" }));
		expect(asRent.body).toEqual(problem("CALLBACK_MISMATCH", 409));
		// Claiming to be the taxi partner, signed with the rent partner's secret.
		const forged = await partnerCallback(
			itemUpdate(booking, 0, "COMPLETED"),
			env.RENT_PARTNER_WEBHOOK_SECRET.split(",")[0],
		);
		expect(forged.status).toBe(401);
		expect(forged.body).toEqual(problem("SIGNATURE_INVALID", 401));
		expect(await item(booking.id)).toEqual(before);
	});

	it("accepts both values of a secret being rotated, and nothing else", async () => {
		const event = {
			id: "evt_rotation",
			partnerRef: "RN-unknown",
			bookingId: "bkg_0000000000000000000001",
			itemId: "oi_0000000000000000000001",
			businessType: "RENT",
			status: "COMPLETED",
		};
		for (const secret of env.RENT_PARTNER_WEBHOOK_SECRET.split(",")) {
			// The signature passes; the booking does not exist.
			expect((await partnerCallback(event, secret)).body).toEqual(problem("BOOKING_NOT_FOUND", 404));
		}
		expect((await partnerCallback(event, "whsec_dev_rent_older")).status).toBe(401);
	});

	it("refuses an async confirmation that names another order", async () => {
		const { booking } = await bookedBooking("cust_cb_confirm", 1);
		const res = await partnerCallback(itemUpdate(booking, 0, "CONFIRMED", { partnerRef: "TX-someone-else" }));
		expect(res.body).toEqual(problem("CALLBACK_MISMATCH", 409));
		const wrongType = await partnerCallback(itemUpdate(booking, 0, "REJECTED", { businessType: "SHUTTLE" }));
		expect(wrongType.body).toEqual(problem("CALLBACK_MISMATCH", 409));
	});
});

describe("receipt callbacks", () => {
	it("never serves a document the booking did not ask for", async () => {
		const { token, booking } = await bookedBooking("cust_cb_receipt", 1);
		const before = await item(booking.id);
		const res = await receiptCallback({
			id: "evt_receipt_forged",
			documentId: "doc_never_requested",
			bookingId: booking.id,
			url: "https://evil.example/receipt.pdf",
		});
		expect(res.status).toBe(409);
		expect(res.body).toEqual(problem("RECEIPT_NOT_REQUESTED", 409));
		expect(await item(booking.id)).toEqual(before);
		const receipt = await call("GET", `/v1/bookings/${booking.id}/receipt`, { token });
		expect(receipt.body).toEqual(problem("RECEIPT_NOT_AVAILABLE", 409));
		const other = await tokenFor("cust_cb_receipt_other");
		expect((await call("GET", `/v1/bookings/${booking.id}/receipt`, { token: other })).status).toBe(404);
	});
});
