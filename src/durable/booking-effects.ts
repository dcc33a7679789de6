import { historyRepository } from "../db";
import type { BookingState } from "../domain/booking";
import * as flow from "../domain/booking-flow";
import { paymentProcessor } from "../partners";
import { eventOf, type OutboxEntry } from "./booking-outbox";

export interface EffectContext {
	/**
	 * Applies a follow-up transition (a void that finds the link already paid, a refund's id) to
	 * the booking as it is when the call returns, never to the state the effect started from.
	 */
	apply(decide: (current: BookingState) => flow.Transition): Promise<void>;
	now(): number;
	/** Whether this booking's whole snapshot reached the history once (then changes suffice). */
	historyBase: { written(): boolean; markWritten(): void };
}

/** Queue batches stay well under the 100-message and 256 KB limits (an event carries the booking). */
const EVENT_BATCH = 20;

/** Publishes the events of several outbox entries, in order, a batch per queue call. */
export async function publishEvents(env: Env, entries: OutboxEntry[]): Promise<void> {
	for (let i = 0; i < entries.length; i += EVENT_BATCH) {
		const batch = entries.slice(i, i + EVENT_BATCH).map((entry) => {
			if (entry.effect.kind !== "event") throw new Error(`not an event: ${entry.effect.kind}`);
			return { body: eventOf({ ...entry, effect: entry.effect }), contentType: "json" as const };
		});
		await env.EVENTS.sendBatch(batch);
	}
}

/**
 * Delivers one outbox effect. Every delivery is idempotent (upserts by version, events by id,
 * releases and reopens by booking id, processor calls by idempotency key), so a retry after a
 * crash or a timeout is always safe. Throws to ask for a retry.
 */
export async function deliver(env: Env, entry: OutboxEntry, ctx: EffectContext): Promise<void> {
	const { effect, snapshot } = entry;
	switch (effect.kind) {
		case "history": {
			const history = historyRepository(env);
			if (ctx.historyBase.written()) return history.projectChanges(snapshot);
			await history.project(snapshot);
			ctx.historyBase.markWritten();
			return;
		}
		case "event":
			return publishEvents(env, [entry]);
		case "customer.release":
			return env.CUSTOMER.get(env.CUSTOMER.idFromName(snapshot.ownerId)).release(snapshot.id, effect.end);
		case "cart.reopen":
			await env.CART.get(env.CART.idFromName(snapshot.cartId)).reopen(snapshot.id);
			return;
		case "cart.close":
			await env.CART.get(env.CART.idFromName(snapshot.cartId)).close(snapshot.id);
			return;
		case "payment.void": {
			const paymentId = snapshot.payment.paymentId;
			if (!paymentId) return;
			if ((await paymentProcessor(env).void(paymentId)) === "already-paid") {
				// The customer paid before the void landed: record the money so it is refunded.
				await ctx.apply((current) => flow.paid(current, new Date(ctx.now()).toISOString(), ctx.now()));
			}
			return;
		}
		case "saga.start":
			await env.SAGA.get(env.SAGA.idFromName(snapshot.id)).start({
				bookingId: snapshot.id,
				items: snapshot.items.map((item) => ({
					itemId: item.id,
					businessType: item.businessType,
					fleetId: item.fleetId,
					quantity: item.quantity,
					details: item.details,
					...(item.passenger ? { passenger: item.passenger } : {}),
				})),
			});
			return;
		case "payment.refund": {
			const paymentId = snapshot.payment.paymentId;
			if (!paymentId) throw new Error(`booking ${snapshot.id} has no payment id to refund`);
			// One key per refund: the whole payment, or one item's share after a partner cancel.
			const key = flow.refundKey(snapshot.id, effect.itemId);
			const reason = effect.itemId
				? `Item ${effect.itemId} canceled by the partner`
				: "Booking did not go ahead";
			const { refundId } = await paymentProcessor(env).refund(paymentId, effect.amount, key, reason);
			await ctx.apply((current) => flow.refundRequested(current, refundId, ctx.now(), effect.itemId));
			return;
		}
	}
}
