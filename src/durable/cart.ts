/**
 * CartDO — one per cart.
 * Responsibilities:
 * - owns the cart document (items, promo, owner, status, expiry) and serialises every change,
 *   so concurrent adds never lose a line;
 * - answers only its owner: anyone else gets CART_NOT_FOUND, exactly as for a missing cart;
 * - keeps idempotency records for AddCartItem next to the cart, written in the same step;
 * - one alarm: expires the cart CART_TTL after its last change, then purges the tombstone.
 * Prices and promo rules arrive already fetched from upstreams: no outside I/O happens here.
 */
import type { CheckoutInput } from "../domain/booking";
import * as cart from "../domain/cart";
import type { PromoRule } from "../domain/promo";
import { type Clock, systemClock } from "../lib/clock";
import { configOf } from "../lib/config";
import { settingsOf } from "../lib/settings";
import type {
	CartOutcome,
	CheckoutOutcome,
	Idempotency,
	IdempotencyRecord,
	SnapshotOutcome,
} from "./cart-outcomes";
import { bookingOf } from "./stubs";
import { TracedObject } from "./traced";

export type {
	CartErrorCode,
	CartOutcome,
	CheckoutOutcome,
	Idempotency,
	SnapshotOutcome,
} from "./cart-outcomes";

const CART_KEY = "cart";
/** The checkout the cart was locked for, kept so a crashed checkout can be finished. */
const CHECKOUT_KEY = "checkout";
const CLOSED_KEY = "closed-at";
const ENSURED_KEY = "checkout-ensured";
const idemKey = (key: string) => `idem:${key}`;

export class CartDO extends TracedObject {
	/** Replaced by tests to move time; production reads the system clock. */
	clock: Clock = systemClock;

	/**
	 * The cart's TTL from the dynamic configuration. Read before the cart is loaded, never between
	 * loading and writing it: the read may go to the Config Service, and input gates open meanwhile.
	 */
	private async policy(): Promise<cart.CartPolicy> {
		return { ttlMs: (await settingsOf(this.env)).cartTtlMs };
	}

	async create(cartId: string, ownerId: string): Promise<CartOutcome> {
		const policy = await this.policy();
		const existing = this.load();
		if (existing) {
			// CreateCart with the same Idempotency-Key lands here: same owner, same cart.
			return existing.ownerId === ownerId
				? this.read(ownerId)
				: { ok: false, code: "IDEMPOTENCY_KEY_REUSED" };
		}
		const created = cart.newCart(cartId, ownerId, this.clock.now(), policy);
		return this.commit(created);
	}

	/**
	 * A cart made with all its lines in one step (a guest's order): concurrent repeats of the
	 * request find the cart the first one made, never add its lines twice.
	 */
	async createWith(
		cartId: string,
		ownerId: string,
		items: readonly cart.CartItem[],
		promo?: PromoRule,
	): Promise<CartOutcome> {
		const policy = await this.policy();
		const existing = this.load();
		if (existing) {
			return existing.ownerId === ownerId
				? this.read(ownerId)
				: { ok: false, code: "IDEMPOTENCY_KEY_REUSED" };
		}
		const now = this.clock.now();
		let next = cart.newCart(cartId, ownerId, now, policy);
		for (const item of items) {
			const added = cart.addItem(next, item, now, policy);
			if (!added.ok) return this.apply(added);
			next = added.cart;
		}
		if (promo) {
			const applied = cart.applyPromo(next, promo, now, policy);
			if (!applied.ok) return this.apply(applied);
			next = applied.cart;
		}
		return this.commit(next);
	}

	/** Readiness probe: proves the namespace answers without touching storage. */
	async ping(): Promise<"pong"> {
		return "pong";
	}

	async read(ownerId: string): Promise<CartOutcome> {
		const found = await this.open(ownerId, { allowClosed: true });
		return "code" in found ? found : { ok: true, cart: cart.viewOf(found) };
	}

	/** The whole cart (with quote sessions) for checkout, which re-prices it. */
	async snapshot(ownerId: string): Promise<SnapshotOutcome> {
		const found = await this.open(ownerId, { allowClosed: true });
		if ("code" in found) return found;
		return { ok: true, cart: found, checkout: this.ctx.storage.kv.get<CheckoutInput>(CHECKOUT_KEY) };
	}

	/** A stored answer for this Idempotency-Key, if the same request was already served. */
	async replay(ownerId: string, idem: Idempotency): Promise<CartOutcome | undefined> {
		const current = this.load();
		if (!current || current.ownerId !== ownerId) return undefined;
		return this.recorded(idem);
	}

	async addItem(ownerId: string, item: cart.CartItem, idem?: Idempotency): Promise<CartOutcome> {
		const policy = await this.policy();
		const previous = idem && this.recorded(idem);
		if (previous) return previous;
		const found = await this.open(ownerId);
		if ("code" in found) return found;
		return await this.apply(cart.addItem(found, item, this.clock.now(), policy), item.id, idem);
	}

	async setQuantity(ownerId: string, itemId: string, quantity: number): Promise<CartOutcome> {
		const policy = await this.policy();
		const found = await this.open(ownerId);
		if ("code" in found) return found;
		return await this.apply(cart.setQuantity(found, itemId, quantity, this.clock.now(), policy));
	}

	async removeItem(ownerId: string, itemId: string): Promise<CartOutcome> {
		const policy = await this.policy();
		const found = await this.open(ownerId);
		if ("code" in found) return found;
		return await this.apply(cart.removeItem(found, itemId, this.clock.now(), policy));
	}

	async applyPromo(ownerId: string, rule: PromoRule): Promise<CartOutcome> {
		const policy = await this.policy();
		const found = await this.open(ownerId);
		if ("code" in found) return found;
		return await this.apply(cart.applyPromo(found, rule, this.clock.now(), policy));
	}

	async removePromo(ownerId: string): Promise<CartOutcome> {
		const policy = await this.policy();
		const found = await this.open(ownerId);
		if ("code" in found) return found;
		return await this.apply(cart.removePromo(found, this.clock.now(), policy));
	}

	/**
	 * Locks the cart into a booking, once: the cart, not the caller, decides the booking id,
	 * so one cart yields at most one live booking. A repeated checkout gets the same booking.
	 */
	async checkout(
		ownerId: string,
		version: number,
		input: Omit<CheckoutInput, "id">,
		bookingId: string,
	): Promise<CheckoutOutcome> {
		const found = await this.open(ownerId, { allowClosed: true });
		if ("code" in found) return found;
		if (found.status === "CHECKED_OUT") {
			const stored = this.ctx.storage.kv.get<CheckoutInput>(CHECKOUT_KEY);
			if (stored) return { ok: true, bookingId: stored.id, input: stored, existing: true };
		}
		if (found.items.length === 0) return { ok: false, code: "CART_EMPTY" };
		if (found.version !== version) return { ok: false, code: "CART_CHANGED" };
		const result = cart.checkOut(found, bookingId, this.clock.now());
		if (!result.ok) return { ok: false, code: result.code };
		const checkout: CheckoutInput = { ...input, id: bookingId };
		this.ctx.storage.kv.put(CHECKOUT_KEY, checkout);
		await this.commit(result.cart);
		return { ok: true, bookingId, input: checkout, existing: false };
	}

	/** The booking was canceled before it went ahead: the cart can be changed and checked out again. */
	async reopen(bookingId: string): Promise<boolean> {
		const policy = await this.policy();
		const current = this.load();
		if (!current) return false;
		const result = cart.reopen(current, bookingId, this.clock.now(), policy);
		if (!result.ok) return false;
		this.ctx.storage.kv.delete(CHECKOUT_KEY);
		this.ctx.storage.kv.delete(ENSURED_KEY);
		await this.commit(result.cart);
		return true;
	}

	/** The booking ended after going ahead: keep answering for a while, then purge. */
	async close(bookingId: string): Promise<void> {
		const current = this.load();
		if (!current || current.bookingId !== bookingId || current.status !== "CHECKED_OUT") return;
		this.ctx.storage.kv.put(CLOSED_KEY, this.clock.now());
		await this.schedule(current);
	}

	override async alarm(): Promise<void> {
		const current = this.load();
		const now = this.clock.now();
		if (!current) {
			await this.ctx.storage.deleteAll();
			return;
		}
		if (current.status === "OPEN" && cart.isExpired(current, now)) {
			await this.commit(cart.expire(current, now));
			return;
		}
		if (current.status === "CHECKED_OUT") {
			const closedAt = this.ctx.storage.kv.get<number>(CLOSED_KEY);
			if (closedAt !== undefined && now >= closedAt + configOf(this.env).cartTombstoneTtlMs) {
				await this.ctx.storage.deleteAlarm();
				await this.ctx.storage.deleteAll();
				return;
			}
			await this.ensureBooking(current, now);
			// The booking call let other requests in (a reopen, a close): schedule from what is stored now.
			const after = this.load();
			if (after) await this.schedule(after);
			return;
		}
		if (current.status === "EXPIRED" && now >= this.purgeAt(current)) {
			// Frees everything: the cart, its idempotency records and the alarm.
			await this.ctx.storage.deleteAlarm();
			await this.ctx.storage.deleteAll();
			return;
		}
		await this.schedule(current);
	}

	private load(): cart.CartState | undefined {
		return this.ctx.storage.kv.get<cart.CartState>(CART_KEY);
	}

	private save(next: cart.CartState): void {
		this.ctx.storage.kv.put(CART_KEY, next);
	}

	private purgeAt(expired: cart.CartState): number {
		return expired.updatedAt + configOf(this.env).cartTombstoneTtlMs;
	}

	/** The next deadline for the single alarm: expiry while open, purge once expired. */
	private async schedule(current: cart.CartState): Promise<void> {
		const kv = this.ctx.storage.kv;
		if (current.status === "OPEN") await this.ctx.storage.setAlarm(current.expiresAt);
		else if (current.status === "EXPIRED") await this.ctx.storage.setAlarm(this.purgeAt(current));
		else if (kv.get<number>(CLOSED_KEY) !== undefined) {
			await this.ctx.storage.setAlarm(
				(kv.get<number>(CLOSED_KEY) ?? 0) + configOf(this.env).cartTombstoneTtlMs,
			);
		} else if (!kv.get(ENSURED_KEY))
			await this.ctx.storage.setAlarm((current.checkedOutAt ?? 0) + configOf(this.env).checkoutEnsureMs);
		else await this.ctx.storage.deleteAlarm();
	}

	/** Finishes a checkout whose request died between locking the cart and creating the booking. */
	private async ensureBooking(current: cart.CartState, now: number): Promise<void> {
		const checkout = this.ctx.storage.kv.get<CheckoutInput>(CHECKOUT_KEY);
		if (
			!checkout ||
			this.ctx.storage.kv.get(ENSURED_KEY) ||
			now < (current.checkedOutAt ?? 0) + configOf(this.env).checkoutEnsureMs
		)
			return;
		await bookingOf(this.env, checkout.id).create(checkout);
		// Only if the cart still belongs to that checkout: a reopen during the call starts afresh.
		const after = this.load();
		if (after?.status === "CHECKED_OUT" && after.bookingId === checkout.id)
			this.ctx.storage.kv.put(ENSURED_KEY, now);
	}

	/** Loads the caller's cart, expiring it on the spot if its alarm has not fired yet. */
	private async open(
		ownerId: string,
		opts: { allowClosed?: boolean } = {},
	): Promise<cart.CartState | Extract<CartOutcome, { ok: false }>> {
		const current = this.load();
		if (!current || current.ownerId !== ownerId) return { ok: false, code: "CART_NOT_FOUND" };
		const now = this.clock.now();
		if (cart.isExpired(current, now)) {
			if (current.status === "OPEN") await this.commit(cart.expire(current, now));
			return { ok: false, code: "CART_EXPIRED" };
		}
		if (!opts.allowClosed && current.status !== "OPEN") {
			return { ok: false, code: "CART_NOT_OPEN", detail: `The cart is ${current.status}.` };
		}
		return current;
	}

	private async apply(result: cart.CartResult, itemId?: string, idem?: Idempotency): Promise<CartOutcome> {
		if (!result.ok) {
			const { ok: _ok, code, ...rest } = result;
			return { ok: false, code, ...("reason" in rest ? { reason: rest.reason } : {}) };
		}
		return this.commit(result.cart, itemId, idem);
	}

	/** Cart and idempotency record are written together, before anything can interleave. */
	private async commit(next: cart.CartState, itemId?: string, idem?: Idempotency): Promise<CartOutcome> {
		const outcome: CartOutcome = { ok: true, cart: cart.viewOf(next), ...(itemId ? { itemId } : {}) };
		this.save(next);
		if (idem) this.ctx.storage.kv.put<IdempotencyRecord>(idemKey(idem.key), { hash: idem.hash, outcome });
		await this.schedule(next);
		return outcome;
	}

	private recorded(idem: Idempotency): CartOutcome | undefined {
		const record = this.ctx.storage.kv.get<IdempotencyRecord>(idemKey(idem.key));
		if (!record) return undefined;
		if (record.hash !== idem.hash) return { ok: false, code: "IDEMPOTENCY_KEY_REUSED" };
		return record.outcome.ok ? { ...record.outcome, replayed: true } : record.outcome;
	}
}
