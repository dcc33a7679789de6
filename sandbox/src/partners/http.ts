import type { Context } from "hono";
import type { AppEnv } from "../lib/app-env";
import { hashHex } from "../lib/ids";
import { ApiError } from "../lib/problem";
import type { Remote } from "../lib/rpc";
import type { PartnerOrderDO } from "./order-do";
import { isPartnerType, type PartnerOrder, type PartnerType } from "./orders";

/** Helpers of the partner gateway routes: path checks, stubs and the problems they answer. */

const PARTNER_REF = /^(taxi|rent|delivery|shuttle)_[0-9a-f]{32}$/;

export function partnerType(c: Context<AppEnv>): PartnerType {
	const type = c.req.param("type") ?? "";
	if (!isPartnerType(type)) {
		throw new ApiError(404, "NOT_FOUND", `No partner gateway ${type}: use taxi, rent, delivery or shuttle.`);
	}
	return type;
}

/** The partnerRef a book call with this key gets: the same for every retry, distinct per type. */
export async function partnerRefFor(type: PartnerType, key: string): Promise<string> {
	return `${type}_${await hashHex(`${type}\n${key}`)}`;
}

export function orderNotFound(partnerRef: string): ApiError {
	return new ApiError(404, "ORDER_NOT_FOUND", `Order ${partnerRef} does not exist.`);
}

export type PartnerStub = Remote<
	Pick<PartnerOrderDO, "book" | "cancel" | "cancelByKey" | "advance" | "ordersOf" | "view" | "redeliver">
>;

/** The DO that holds every order of the partner type. */
export function partnerStub(env: Env, type: PartnerType): PartnerStub {
	// The generated stub type cannot express an order's free-form `details` (see Remote).
	return env.PARTNER_ORDERS.getByName(type) as unknown as PartnerStub;
}

/** The DO holding the order; a ref this partner type could never have issued is answered without it. */
export function orderStub(env: Env, type: PartnerType, partnerRef: string): PartnerStub {
	if (!PARTNER_REF.test(partnerRef) || !partnerRef.startsWith(`${type}_`)) throw orderNotFound(partnerRef);
	return partnerStub(env, type);
}

export function unavailable(what: string, failure: { attempt: number; of: number }): ApiError {
	return new ApiError(
		503,
		"PARTNER_UNAVAILABLE",
		`The partner failed the ${what} on purpose (attempt ${failure.attempt} of ${failure.of}).`,
	);
}

export function illegalTransition(order: PartnerOrder, to: string): ApiError {
	return new ApiError(
		409,
		"ILLEGAL_TRANSITION",
		`Order ${order.partnerRef} is ${order.status}; it cannot move to ${to}.`,
		undefined,
		{ order },
	);
}

export function rejected(order: PartnerOrder): ApiError {
	return new ApiError(
		422,
		"REJECTED",
		`The partner rejected order ${order.partnerRef} for item ${order.itemId}.`,
		undefined,
		{ partnerRef: order.partnerRef, bookingId: order.bookingId, itemId: order.itemId },
	);
}
