/**
 * CustomerDO — one per customer.
 * Responsibilities:
 * - enforces payment limits atomically at order creation: unfinished bookings per payment
 *   method, card spend per Asia/Jakarta day and the minimum remaining budget;
 * - releases a booking's reservation when the booking ends (idempotent: a release is sent
 *   through the booking's outbox and may arrive more than once);
 * - binds CreateOrder Idempotency-Keys to the request body they were first used with.
 * No outside I/O happens here, so every method is one atomic step.
 */
import { checkReservation, type LimitPolicy, type LimitVerdict, type Reservation } from "../domain/limits";
import { type Clock, systemClock } from "../lib/clock";
import { TracedObject } from "./traced";

const reservationKey = (bookingId: string) => `reservation:${bookingId}`;
const spendKey = (day: string) => `spend:${day}`;
const idemKey = (key: string) => `idem:${key}`;

export type BookingEnd = "CANCELED" | "FAILED" | "COMPLETED";

interface IdempotencyRecord {
	hash: string;
	at: number;
	bookingId?: string;
}

export type IdempotencyClaim =
	| { claim: "new" }
	| { claim: "replay"; bookingId?: string }
	| { claim: "conflict" };

export interface CustomerSnapshot {
	active: Reservation[];
	spend: Record<string, number>;
}

export class CustomerDO extends TracedObject {
	clock: Clock = systemClock;

	/** Reserves under the limits in force when the order is made (`policy`), never changed later. */
	async reserve(reservation: Reservation, policy: LimitPolicy): Promise<LimitVerdict> {
		const kv = this.ctx.storage.kv;
		if (kv.get(reservationKey(reservation.bookingId))) return { ok: true };
		const verdict = checkReservation(policy, this.active(), this.spent(reservation.day), reservation);
		if (!verdict.ok) return verdict;
		kv.put(reservationKey(reservation.bookingId), reservation);
		if (reservation.countsAgainstBudget) {
			kv.put(spendKey(reservation.day), this.spent(reservation.day) + reservation.amount);
		}
		return verdict;
	}

	/** Frees the method slot; card spend is given back unless the booking was fulfilled. */
	async release(bookingId: string, end: BookingEnd): Promise<void> {
		const kv = this.ctx.storage.kv;
		const reservation = kv.get<Reservation>(reservationKey(bookingId));
		if (!reservation) return;
		kv.delete(reservationKey(bookingId));
		if (reservation.countsAgainstBudget && end !== "COMPLETED") {
			kv.put(spendKey(reservation.day), Math.max(0, this.spent(reservation.day) - reservation.amount));
		}
	}

	/**
	 * First use binds the key to the body; later uses must carry the same body. A replay learns
	 * the booking the first use made, once that is known, so it answers with that booking.
	 */
	async claimIdempotencyKey(key: string, bodyHash: string): Promise<IdempotencyClaim> {
		const kv = this.ctx.storage.kv;
		const existing = kv.get<IdempotencyRecord>(idemKey(key));
		if (!existing) {
			kv.put(idemKey(key), { hash: bodyHash, at: this.clock.now() });
			return { claim: "new" };
		}
		if (existing.hash !== bodyHash) return { claim: "conflict" };
		return { claim: "replay", ...(existing.bookingId ? { bookingId: existing.bookingId } : {}) };
	}

	/** The booking a claimed key's request made: later replays answer with it. */
	async settleIdempotencyKey(key: string, bookingId: string): Promise<void> {
		const kv = this.ctx.storage.kv;
		const existing = kv.get<IdempotencyRecord>(idemKey(key));
		if (existing && !existing.bookingId) kv.put(idemKey(key), { ...existing, bookingId });
	}

	async snapshot(): Promise<CustomerSnapshot> {
		const spend: Record<string, number> = {};
		for (const [key, value] of this.ctx.storage.kv.list<number>({ prefix: "spend:" }))
			spend[key.slice(6)] = value;
		return { active: this.active(), spend };
	}

	private active(): Reservation[] {
		return [...this.ctx.storage.kv.list<Reservation>({ prefix: "reservation:" })].map(([, value]) => value);
	}

	private spent(day: string): number {
		return this.ctx.storage.kv.get<number>(spendKey(day)) ?? 0;
	}
}
