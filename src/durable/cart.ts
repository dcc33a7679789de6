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
import { DurableObject } from "cloudflare:workers";
import * as cart from "../domain/cart";
import type { PromoRule } from "../domain/promo";
import { type Clock, systemClock } from "../lib/clock";
import { configOf } from "../lib/config";

export type CartErrorCode =
	| "CART_NOT_FOUND"
	| "CART_EXPIRED"
	| "CART_FULL"
	| "CART_NOT_OPEN"
	| "ITEM_NOT_FOUND"
	| "PROMO_NOT_APPLICABLE"
	| "IDEMPOTENCY_KEY_REUSED";

export type CartOutcome =
	| { ok: true; cart: cart.CartView; itemId?: string; replayed?: boolean }
	| { ok: false; code: CartErrorCode; detail?: string; reason?: string };

interface IdempotencyRecord {
	hash: string;
	outcome: CartOutcome;
}

export interface Idempotency {
	key: string;
	hash: string;
}

const CART_KEY = "cart";
const idemKey = (key: string) => `idem:${key}`;

export class CartDO extends DurableObject<Env> {
	/** Replaced by tests to move time; production reads the system clock. */
	clock: Clock = systemClock;

	private get policy(): cart.CartPolicy {
		return { ttlMs: configOf(this.env).cartTtlMs };
	}

	async create(cartId: string, ownerId: string): Promise<CartOutcome> {
		const existing = this.load();
		if (existing) {
			// CreateCart with the same Idempotency-Key lands here: same owner, same cart.
			return existing.ownerId === ownerId
				? this.read(ownerId)
				: { ok: false, code: "IDEMPOTENCY_KEY_REUSED" };
		}
		const created = cart.newCart(cartId, ownerId, this.clock.now(), this.policy);
		return this.commit(created);
	}

	/** Readiness probe: proves the namespace answers without touching storage. */
	async ping(): Promise<"pong"> {
		return "pong";
	}

	async read(ownerId: string): Promise<CartOutcome> {
		const found = await this.open(ownerId, { allowClosed: true });
		return "code" in found ? found : { ok: true, cart: cart.viewOf(found) };
	}

	/** A stored answer for this Idempotency-Key, if the same request was already served. */
	async replay(ownerId: string, idem: Idempotency): Promise<CartOutcome | undefined> {
		const current = this.load();
		if (!current || current.ownerId !== ownerId) return undefined;
		return this.recorded(idem);
	}

	async addItem(ownerId: string, item: cart.CartItem, idem?: Idempotency): Promise<CartOutcome> {
		const previous = idem && this.recorded(idem);
		if (previous) return previous;
		const found = await this.open(ownerId);
		if ("code" in found) return found;
		return await this.apply(cart.addItem(found, item, this.clock.now(), this.policy), item.id, idem);
	}

	async setQuantity(ownerId: string, itemId: string, quantity: number): Promise<CartOutcome> {
		const found = await this.open(ownerId);
		if ("code" in found) return found;
		return await this.apply(cart.setQuantity(found, itemId, quantity, this.clock.now(), this.policy));
	}

	async removeItem(ownerId: string, itemId: string): Promise<CartOutcome> {
		const found = await this.open(ownerId);
		if ("code" in found) return found;
		return await this.apply(cart.removeItem(found, itemId, this.clock.now(), this.policy));
	}

	async applyPromo(ownerId: string, rule: PromoRule): Promise<CartOutcome> {
		const found = await this.open(ownerId);
		if ("code" in found) return found;
		return await this.apply(cart.applyPromo(found, rule, this.clock.now(), this.policy));
	}

	async removePromo(ownerId: string): Promise<CartOutcome> {
		const found = await this.open(ownerId);
		if ("code" in found) return found;
		return await this.apply(cart.removePromo(found, this.clock.now(), this.policy));
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
		if (current.status === "OPEN") await this.ctx.storage.setAlarm(current.expiresAt);
		else if (current.status === "EXPIRED") await this.ctx.storage.setAlarm(this.purgeAt(current));
		else await this.ctx.storage.deleteAlarm();
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
