import type { BusinessType } from "../domain/business";
import { type PartnerBooking, PartnerGatewayClient } from "../partners/partner-gateway";
import type { Fault } from "../partners/upstream";
import type { CallOutcome, StepLog } from "./types";

/**
 * The booking saga's step: one order item booked with its business type's partner. It reads
 * top to bottom as Restate's booking workflow does: the key (stored with the step before the
 * call, so a call repeated after a crash is deduplicated by the partner), the call and what its
 * answer means, and the compensation (by reference, or by the key when the answer never came;
 * "already canceled" and "never booked" are both done).
 */
export interface PartnerBookingItem extends Omit<PartnerBooking, "bookingId"> {
	businessType: BusinessType;
}

export interface PartnerEndpoint {
	url: string;
	timeoutMs: number;
}

export const partnerBooking = {
	key: (bookingId: string, itemId: string) => `${bookingId}:${itemId}:book`,

	async invoke(
		endpoint: PartnerEndpoint,
		bookingId: string,
		item: PartnerBookingItem,
		step: StepLog,
	): Promise<CallOutcome> {
		const { businessType, ...order } = item;
		const reply = await client(businessType, endpoint).book({ bookingId, ...order }, step.key);
		if (!reply.ok) return outcomeOf(reply);
		return reply.value.status === "PENDING"
			? { kind: "pending", ref: reply.value.partnerRef }
			: { kind: "ok", ref: reply.value.partnerRef };
	},

	async compensate(endpoint: PartnerEndpoint, item: PartnerBookingItem, step: StepLog): Promise<CallOutcome> {
		const reply = await client(item.businessType, endpoint).cancel(step.ref, step.key);
		if (!reply.ok) return outcomeOf(reply);
		return reply.value.nothingBooked ? { kind: "ok", nothingBooked: true } : { kind: "ok" };
	},
};

const client = (type: BusinessType, endpoint: PartnerEndpoint) =>
	new PartnerGatewayClient(type, endpoint.url, endpoint.timeoutMs);

/**
 * What a fault means for a step: a refusal is a definite no; a timeout or a garbled answer may
 * have booked (the outcome is unknown, so a compensation must cancel it); a partner that could
 * not be reached is retried.
 */
function outcomeOf(fault: Fault): CallOutcome {
	switch (fault.kind) {
		case "rejected":
			return { kind: "rejected", reason: fault.detail };
		case "unavailable":
			return { kind: "transient", error: fault.detail };
		case "timeout":
		case "malformed":
			return { kind: "unknown", error: fault.detail };
	}
}
