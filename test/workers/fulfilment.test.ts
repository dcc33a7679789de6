import { env, runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
	bookedBooking,
	bookingDO,
	call,
	eventually,
	itemUpdate,
	partnerCallback,
	problem,
	receiptCallback,
	sandbox,
	tokenFor,
} from "./support";

const update = itemUpdate;

describe("fulfilment", () => {
	it("tracks every item to DONE and completes the booking", async () => {
		const { token, booking } = await bookedBooking("cust_fulfil", 2);
		const vehicle = {
			plate: "B 1234 XYZ",
			model: "Toyota Avanza",
			color: "White",
			driverName: "Agus",
			driverPhone: "+6281200000000",
		};
		const assigned = await partnerCallback(update(booking, 0, "DRIVER_ASSIGNED", { vehicle }));
		expect(assigned.body).toMatchObject({ changed: true, bookingStatus: "ACTIVE" });
		const duplicate = await partnerCallback({ ...update(booking, 0, "PICKED_UP"), id: "evt_same" });
		expect(
			(await partnerCallback({ ...update(booking, 0, "PICKED_UP"), id: "evt_same" })).body.duplicate,
		).toBe(true);
		expect(duplicate.body.changed).toBe(true);
		// A stale status (assigned again after pickup) changes nothing.
		expect((await partnerCallback(update(booking, 0, "DRIVER_ASSIGNED", { vehicle }))).body.changed).toBe(
			false,
		);
		await partnerCallback(update(booking, 0, "COMPLETED"));
		const half = await call("GET", `/v1/bookings/${booking.id}`, { token });
		expect(half.body.status).toBe("ACTIVE");
		expect(half.body.items[0]).toMatchObject({ status: "DONE" });
		const done = await partnerCallback(update(booking, 1, "COMPLETED"));
		expect(done.body).toMatchObject({ changed: true, bookingStatus: "COMPLETED" });

		// The ride's detail: partner reference, vehicle, every status with its source.
		const ride = await eventually(async () => {
			const res = await call("GET", `/v1/order-items/${booking.items[0].id}/ride`, { token });
			expect(res.status).toBe(200);
			return res.body;
		});
		expect(ride).toMatchObject({
			itemId: booking.items[0].id,
			bookingId: booking.id,
			businessType: "TAXI",
			status: "DONE",
			partnerRef: booking.items[0].partnerRef,
			partnerStatus: "COMPLETED",
			vehicle,
		});
		expect(ride.timeline.map((t: { status: string }) => t.status)).toEqual([
			"BOOKED",
			"DRIVER_ASSIGNED",
			"PICKED_UP",
			"COMPLETED",
		]);
		expect((await call("GET", `/v1/order-items/${booking.items[0].id}/rent`, { token })).status).toBe(404);
		expect(
			(
				await call("GET", `/v1/order-items/${booking.items[0].id}/ride`, {
					token: await tokenFor("cust_other_rider"),
				})
			).status,
		).toBe(404);

		// Completion asks the document generator for a receipt; until it calls back, 202.
		expect((await call("GET", `/v1/bookings/${booking.id}/receipt`, { token })).status).toBe(202);
		await eventually(async () => {
			const res = await sandbox(`/notifications?bookingId=${booking.id}`);
			const sent = ((await res.json()) as { notifications: Array<{ template: string; body: string }> })
				.notifications;
			expect(sent.map((n) => n.template)).toEqual(
				expect.arrayContaining(["BOOKING_CONFIRMED", "BOOKING_COMPLETED"]),
			);
			expect(sent.find((n) => n.template === "BOOKING_CONFIRMED")?.body).toContain("WIB");
			// The confirmation goes out by e-mail and SMS.
			expect(sent.filter((n) => n.template === "BOOKING_CONFIRMED")).toHaveLength(2);
			return sent;
		}, 15_000);
		// Only the document the booking asked for is its receipt.
		const documentId = await eventually(async () => {
			const held = (await bookingDO(booking.id).inspect()) as {
				booking?: { receiptRequest?: { documentId: string } };
			};
			expect(held.booking?.receiptRequest?.documentId).toBeTruthy();
			return held.booking?.receiptRequest?.documentId as string;
		}, 15_000);
		const foreign = await receiptCallback({
			id: "evt_receipt_0",
			documentId: "doc_someone_else",
			bookingId: booking.id,
			url: "http://127.0.0.1:8001/documents/doc_someone_else.pdf",
		});
		expect(foreign.body).toEqual(problem("RECEIPT_NOT_REQUESTED", 409));
		const url = `http://127.0.0.1:8001/documents/${documentId}.pdf`;
		const receipt = await receiptCallback({ id: "evt_receipt_1", documentId, bookingId: booking.id, url });
		expect(receipt.status).toBe(200);
		expect((await call("GET", `/v1/bookings/${booking.id}/receipt`, { token })).body).toEqual({ url });
	});

	it("refunds an item's share when a partner cancels it, and fails with a full refund when all are canceled", async () => {
		const { token, booking, paymentId } = await bookedBooking("cust_partner_cancel", 2);
		await partnerCallback(update(booking, 0, "CANCELED_BY_PARTNER"));
		const partial = await call("GET", `/v1/bookings/${booking.id}`, { token });
		expect(partial.body).toMatchObject({ status: "ACTIVE", payment: { status: "PAID" } });
		const last = await partnerCallback(update(booking, 1, "CANCELED_BY_PARTNER"));
		expect(last.body).toMatchObject({ bookingStatus: "FAILED", paymentStatus: "REQUEST_REFUND" });
		const refunds = await eventually(async () => {
			await runDurableObjectAlarm(bookingDO(booking.id));
			const held = (await (await sandbox(`/payments/${paymentId}`)).json()) as {
				refunds: Array<{ amount: number }>;
			};
			expect(held.refunds).toHaveLength(2);
			return held.refunds;
		}, 10_000);
		expect(refunds.reduce((sum, r) => sum + r.amount, 0)).toBe(booking.pricing.total);
	});

	it("refuses unsigned partner callbacks and unknown items", async () => {
		const { booking } = await bookedBooking("cust_partner_forged", 1);
		const forged = await partnerCallback(update(booking, 0, "COMPLETED"), "whsec_wrong");
		expect(forged.status).toBe(401);
		expect(forged.body).toEqual(problem("SIGNATURE_INVALID", 401));
		const unknown = await partnerCallback({ ...update(booking, 0, "COMPLETED"), itemId: "oi_nope" });
		expect(unknown.body).toEqual(problem("ITEM_NOT_FOUND", 404));
	});
});

describe("GetInternalBookingDetail", () => {
	it("shows the booking, saga log, outbox and inbox to a service token only", async () => {
		const { booking, paymentId } = await bookedBooking("cust_internal", 1);
		const denied = await call("GET", `/internal/bookings/${booking.id}`, {
			token: await tokenFor("cust_internal"),
		});
		expect(denied.status).toBe(401);
		const res = await call("GET", `/internal/bookings/${booking.id}`, { token: env.INTERNAL_SERVICE_TOKEN });
		expect(res.status).toBe(200);
		expect(res.body.booking).toMatchObject({ id: booking.id, status: "ACTIVE", payment: { paymentId } });
		expect(res.body.saga.log).toMatchObject({
			status: "SUCCEEDED",
			steps: [
				expect.objectContaining({
					state: "SUCCEEDED",
					attempts: 1,
					key: `${booking.id}:${booking.items[0].id}:book`,
				}),
			],
		});
		expect(res.body.webhookInbox).toHaveLength(1);
		expect(Array.isArray(res.body.outbox)).toBe(true);
	});
});
