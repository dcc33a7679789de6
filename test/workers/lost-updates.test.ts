import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { BookingState } from "../../src/domain/booking";
import { type BookingDO, StaleWriteError } from "../../src/durable/booking";
import {
	bookedBooking,
	bookingDO,
	call,
	eventually,
	itemUpdate,
	partnerCallback,
	paymentEvent,
	paymentWebhook,
	sandbox,
} from "./support";

/**
 * Every write of the BookingDO is derived from the state stored when it commits: an outbox
 * effect that awaited the processor (input gates open) must not write over what a webhook or a
 * partner callback changed meanwhile. The sandbox's `sandbox:refund-slow:MS` holds the answer
 * to every refund call of the payment while the refund itself is already made.
 */
interface Held {
	booking?: BookingState;
	outbox: unknown[];
}
const held = async (id: string) => (await bookingDO(id).inspect()) as Held;

interface ProcessorRefund {
	refundId: string;
	amount: number;
	reference?: string;
}
const processorRefunds = async (paymentId: string) =>
	((await (await sandbox(`/payments/${paymentId}`)).json()) as { refunds: ProcessorRefund[] }).refunds;

/** Waits until the outbox is empty (every refund call answered and recorded). */
async function settled(id: string): Promise<BookingState> {
	return eventually(async () => {
		await runDurableObjectAlarm(bookingDO(id));
		const state = await held(id);
		expect(state.outbox).toHaveLength(0);
		if (!state.booking) throw new Error("booking vanished");
		return state.booking;
	}, 15_000);
}

/** The versions of every event the booking published, as the queue consumer recorded them in D1. */
async function publishedVersions(id: string): Promise<Array<{ type: string; version: number }>> {
	const { results } = await env.DB.prepare(
		"SELECT type, version FROM booking_events WHERE booking_id = ? ORDER BY version",
	)
		.bind(id)
		.all<{ type: string; version: number }>();
	return results;
}

describe("no lost updates in the BookingDO", () => {
	it("keeps a refund's success when its webhook overtakes the processor's answer", async () => {
		const { token, booking, paymentId } = await bookedBooking(
			"cust_refund_overtakes",
			1,
			"sandbox:refund-slow:1500",
		);
		// The only item is canceled by its partner: the booking fails and the refund call goes out.
		const failed = await partnerCallback(itemUpdate(booking, 0, "CANCELED_BY_PARTNER"));
		expect(failed.body).toMatchObject({ bookingStatus: "FAILED", paymentStatus: "REQUEST_REFUND" });
		// While the call is held, the processor's webhook confirms the refund.
		const refund = await eventually(async () => {
			const [made] = await processorRefunds(paymentId);
			expect(made).toBeDefined();
			return made as ProcessorRefund;
		});
		expect(refund.reference).toBe(`${booking.id}:refund`);
		const confirmed = await paymentWebhook(
			paymentEvent(booking, paymentId, "refund.succeeded", {
				refund: {
					refundId: refund.refundId,
					amount: refund.amount,
					status: "SUCCEEDED",
					reference: refund.reference,
				},
			}),
		);
		expect(confirmed.body).toMatchObject({ changed: true, paymentStatus: "REFUND_SUCCESS" });

		// The held answer arrives afterwards and changes nothing that the webhook decided.
		const after = await settled(booking.id);
		expect(after).toMatchObject({
			status: "FAILED",
			payment: {
				status: "REFUND_SUCCESS",
				refund: { refundId: refund.refundId, amount: booking.pricing.total },
			},
		});
		const view = await call("GET", `/v1/bookings/${booking.id}`, { token });
		expect(view.body.payment.status).toBe("REFUND_SUCCESS");
	});

	it("keeps both partner cancellations that arrive a few ms apart during a refund call", async () => {
		const { booking, paymentId } = await bookedBooking("cust_two_cancels", 3, "sandbox:refund-slow:800");
		await partnerCallback(itemUpdate(booking, 0, "CANCELED_BY_PARTNER"));
		// The first share's refund call is on its way; two more cancellations follow at once.
		await new Promise((resolve) => setTimeout(resolve, 20));
		const [second, third] = await Promise.all([
			partnerCallback(itemUpdate(booking, 1, "CANCELED_BY_PARTNER")),
			new Promise((resolve) => setTimeout(resolve, 5)).then(() =>
				partnerCallback(itemUpdate(booking, 2, "CANCELED_BY_PARTNER")),
			),
		]);
		expect([second.status, third.status]).toEqual([200, 200]);

		const after = await settled(booking.id);
		expect(after.status).toBe("FAILED");
		expect(after.items.map((item) => item.status)).toEqual(["CANCELED", "CANCELED", "CANCELED"]);
		// Every refund the processor holds is one the booking knows, and together they are what was paid.
		const known = [
			...(after.payment.partialRefunds ?? []).map((r) => r.refundId),
			after.payment.refund?.refundId,
		].filter(Boolean);
		const refunds = await processorRefunds(paymentId);
		expect(refunds.map((r) => r.refundId).sort()).toEqual([...known].sort());
		expect(refunds.reduce((sum, r) => sum + r.amount, 0)).toBe(booking.pricing.total);
	});

	it("never publishes two states under one version, and refuses a write built on an old one", async () => {
		const { booking, paymentId } = await bookedBooking("cust_versions", 2, "sandbox:refund-slow:300");
		await partnerCallback(itemUpdate(booking, 0, "CANCELED_BY_PARTNER"));
		await partnerCallback(itemUpdate(booking, 1, "CANCELED_BY_PARTNER"));
		const made2 = await eventually(async () => {
			const refunds = await processorRefunds(paymentId);
			expect(refunds).toHaveLength(2);
			return refunds;
		}, 10_000);
		for (const made of made2) {
			await paymentWebhook(
				paymentEvent(booking, paymentId, "refund.succeeded", {
					refund: { refundId: made.refundId, amount: made.amount, reference: made.reference },
				}),
			);
		}
		const after = await settled(booking.id);
		// The history follows the booking to its last version; no event was published twice under one.
		await eventually(async () => {
			const row = await env.DB.prepare("SELECT version FROM bookings WHERE id = ?")
				.bind(booking.id)
				.first<{ version: number }>();
			expect(row?.version).toBe(after.version);
		});
		const versions = await eventually(async () => {
			const recorded = await publishedVersions(booking.id);
			expect(recorded.filter((v) => v.type === "payment.refunded")).toHaveLength(2);
			return recorded;
		}, 15_000);
		expect(new Set(versions.map((v) => `${v.version}:${v.type}`)).size).toBe(versions.length);
		expect(versions.every((v) => v.version <= after.version)).toBe(true);

		// A state derived from an older version can never be written.
		await runInDurableObject(bookingDO(booking.id), async (instance: BookingDO) => {
			const stale = { ...after, version: after.version, status: "ACTIVE" as const };
			const { store } = instance as unknown as {
				store: { put(state: BookingState, effects: unknown[]): void };
			};
			const put = store.put.bind(store);
			expect(() => put(stale, [])).toThrow(StaleWriteError);
			expect(() => put({ ...after, version: after.version - 3 }, [])).toThrow(StaleWriteError);
		});
		expect((await held(booking.id)).booking).toMatchObject({ status: "FAILED", version: after.version });
	});
});
