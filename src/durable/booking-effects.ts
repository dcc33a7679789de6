import { historyRepository } from "../db";
import type { BookingState } from "../domain/booking";
import { paid } from "../domain/booking-flow";
import { refundKey, refundRequested } from "../domain/refund-flow";
import type { Transition } from "../domain/transition";
import { info, warn } from "../lib/log";
import { paymentProcessor } from "../partners";
import { orThrow } from "../partners/upstream";
import { type Deliveries, eventOf, type OutboxEntry } from "./booking-outbox";
import { cartOf, customerOf, sagaOf } from "./stubs";

export interface EffectContext {
	/**
	 * Applies a follow-up transition (a void that finds the link already paid, a refund's id) to
	 * the booking as it is when the call returns, never to the state the effect started from.
	 */
	apply(decide: (current: BookingState) => Transition): Promise<void>;
	now(): number;
	/** Whether this booking's whole snapshot reached the history once (then changes suffice). */
	historyBase: { written(): boolean; markWritten(): void };
}

/** How the BookingDO's outbox delivers each lane (see BookingOutbox.drain). */
export function outboxDeliveries(env: Env, context: EffectContext): Deliveries {
	return {
		// Only the newest pending snapshot needs projecting; older history entries are superseded.
		one: (entry, superseded) =>
			superseded && entry.effect.kind === "history" ? Promise.resolve() : deliver(env, entry, context),
		events: (entries) => publishEvents(env, entries),
		failed: (entry, error) =>
			warn("outbox delivery failed", {
				booking: entry?.snapshot.id,
				effect: entry?.effect.kind,
				error: String(error),
			}),
	};
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
			return customerOf(env, snapshot.ownerId).release(snapshot.id, effect.end);
		case "cart.reopen":
			await cartOf(env, snapshot.cartId).reopen(snapshot.id);
			return;
		case "cart.close":
			await cartOf(env, snapshot.cartId).close(snapshot.id);
			return;
		case "payment.void": {
			const paymentId = snapshot.payment.paymentId;
			if (!paymentId) return;
			if (orThrow(await paymentProcessor(env).void(paymentId)) === "already-paid") {
				// The customer paid before the void landed: record the money so it is refunded.
				await ctx.apply((current) => paid(current, new Date(ctx.now()).toISOString(), ctx.now()));
			}
			return;
		}
		case "saga.start":
			await sagaOf(env, snapshot.id).start({
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
			// One key per refund: the whole payment, one item's share, or an operator's amount.
			const share = effect.itemId ?? effect.actionId;
			const key = refundKey(snapshot.id, share);
			const reason = effect.itemId
				? `Item ${effect.itemId} canceled by the partner`
				: effect.actionId
					? `Refunded by an operator (${effect.actionId})`
					: "Booking did not go ahead";
			const { refundId } = orThrow(await paymentProcessor(env).refund(paymentId, effect.amount, key, reason));
			info("refund", {
				bookingId: snapshot.id,
				refundId,
				amount: effect.amount,
				...(effect.itemId ? { itemId: effect.itemId } : {}),
				...(effect.actionId ? { actionId: effect.actionId } : {}),
				result: "requested",
			});
			await ctx.apply((current) => refundRequested(current, refundId, ctx.now(), share));
			return;
		}
	}
}
