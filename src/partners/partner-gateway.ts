import ky, { type KyInstance, TimeoutError } from "ky";
import { z } from "zod";
import type { BusinessType } from "../domain/business";
import { ID_PATTERN } from "../lib/ids";
import type { CallOutcome } from "../saga/types";

/**
 * One client per partner (taxi partner gateway, rent, delivery, shuttle). Saga steps need to
 * know what a call did, not just whether it threw, so answers map to a CallOutcome:
 * 201/200 booked, 202 pending confirmation, 422 a definite rejection, 5xx/429/network a
 * transient fault, and a timeout an unknown outcome (the partner may have booked).
 */
const BookReply = z.object({
	// It becomes part of the cancel URL: an id, nothing else.
	partnerRef: z.string().regex(ID_PATTERN),
	status: z.enum(["BOOKED", "PENDING", "CANCELED"]),
});
/** What a cancel answers: the order's status now (REJECTED: it was never booked; NOT_FOUND: no order). */
const CancelReply = z.object({ status: z.string() });
const Problem = z.object({ code: z.string().optional(), detail: z.string().optional() });

export interface PartnerBooking {
	bookingId: string;
	itemId: string;
	fleetId: string;
	quantity: number;
	details: Record<string, unknown>;
	passenger?: { name: string; phone: string };
}

export class PartnerGatewayClient {
	private readonly http: KyInstance;

	constructor(
		readonly businessType: BusinessType,
		baseUrl: string,
		timeoutMs: number,
	) {
		this.http = ky.create({ prefix: baseUrl, timeout: timeoutMs, retry: 0, throwHttpErrors: false });
	}

	async book(order: PartnerBooking, idempotencyKey: string): Promise<CallOutcome> {
		return this.call("orders", order, idempotencyKey, async (response) => {
			const parsed = BookReply.safeParse(await response.json().catch(() => undefined));
			if (!parsed.success) return { kind: "unknown", error: `unexpected book answer (${response.status})` };
			return parsed.data.status === "PENDING"
				? { kind: "pending", ref: parsed.data.partnerRef }
				: { kind: "ok", ref: parsed.data.partnerRef };
		});
	}

	/** Cancels by reference, or by the booking call's key when its answer never arrived. */
	async cancel(ref: string | undefined, idempotencyKey: string): Promise<CallOutcome> {
		const path = ref && ID_PATTERN.test(ref) ? `orders/${ref}/cancel` : "orders/cancel-by-key";
		return this.call(
			path,
			ref ? {} : { idempotencyKey },
			`${idempotencyKey}:cancel`,
			async (response) => {
				const status = CancelReply.safeParse(await response.json().catch(() => undefined)).data?.status;
				return status === "REJECTED" || status === "NOT_FOUND"
					? { kind: "ok", nothingBooked: true }
					: { kind: "ok" };
			},
			true,
		);
	}

	private async call(
		path: string,
		json: unknown,
		idempotencyKey: string,
		onSuccess: (response: Response) => Promise<CallOutcome>,
		notFoundIsDone = false,
	): Promise<CallOutcome> {
		let response: Response;
		try {
			response = await this.http.post(path, { json, headers: { "idempotency-key": idempotencyKey } });
		} catch (error) {
			if (error instanceof TimeoutError)
				return { kind: "unknown", error: `${this.businessType} partner timed out` };
			return { kind: "transient", error: `${this.businessType} partner unreachable: ${String(error)}` };
		}
		if (response.status >= 200 && response.status < 300) return onSuccess(response);
		const problem = Problem.safeParse(await response.json().catch(() => undefined)).data;
		if (response.status === 404 && notFoundIsDone) return { kind: "ok", nothingBooked: true };
		if (response.status >= 500 || response.status === 429 || response.status === 408) {
			return { kind: "transient", error: `${this.businessType} partner answered ${response.status}` };
		}
		return {
			kind: "rejected",
			reason: problem?.detail ?? problem?.code ?? `${this.businessType} partner answered ${response.status}`,
		};
	}
}
