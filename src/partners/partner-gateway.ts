import { type KyInstance, TimeoutError } from "ky";
import { z } from "zod";
import type { BusinessType } from "../domain/business";
import { ID_PATTERN } from "../lib/ids";
import { fault, ok, type Reply, upstreamHttp } from "./upstream";

/**
 * One client per partner (taxi partner gateway, rent, delivery, shuttle). Answers are typed:
 * 201/200 booked, 202 pending confirmation; a fault says whether the call timed out (the partner
 * may have booked), could not get through (5xx, 429, network), was refused (4xx: a definite no)
 * or got an answer of the wrong shape. The saga step decides what each means (saga/partner-booking.ts).
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

export type BookAnswer = z.infer<typeof BookReply>;

export class PartnerGatewayClient {
	private readonly http: KyInstance;

	constructor(
		readonly businessType: BusinessType,
		baseUrl: string,
		timeoutMs: number,
	) {
		this.http = upstreamHttp(baseUrl, timeoutMs);
	}

	book(order: PartnerBooking, idempotencyKey: string): Promise<Reply<BookAnswer>> {
		return this.call("orders", order, idempotencyKey, async (response) => {
			const parsed = BookReply.safeParse(await response.json().catch(() => undefined));
			return parsed.success
				? ok(parsed.data)
				: fault(
						"malformed",
						`${this.businessType} partner answered ${response.status} with an unexpected shape`,
					);
		});
	}

	/**
	 * Cancels by reference, or by the booking call's key when its answer never arrived.
	 * `nothingBooked`: the partner holds nothing for the key (it rejected it, or never got the call).
	 */
	cancel(ref: string | undefined, idempotencyKey: string): Promise<Reply<{ nothingBooked: boolean }>> {
		const byRef = ref !== undefined && ID_PATTERN.test(ref);
		return this.call(
			byRef ? `orders/${ref}/cancel` : "orders/cancel-by-key",
			byRef ? {} : { idempotencyKey },
			`${idempotencyKey}:cancel`,
			async (response) => {
				const status = CancelReply.safeParse(await response.json().catch(() => undefined)).data?.status;
				return ok({ nothingBooked: status === "REJECTED" || status === "NOT_FOUND" });
			},
			// A partner that does not know the reference never booked it.
			() => ok({ nothingBooked: true }),
		);
	}

	private async call<T>(
		path: string,
		json: unknown,
		idempotencyKey: string,
		onSuccess: (response: Response) => Promise<Reply<T>>,
		onNotFound?: () => Reply<T>,
	): Promise<Reply<T>> {
		let response: Response;
		try {
			response = await this.http.post(path, { json, headers: { "idempotency-key": idempotencyKey } });
		} catch (error) {
			if (error instanceof TimeoutError) return fault("timeout", `${this.businessType} partner timed out`);
			return fault("unavailable", `${this.businessType} partner unreachable: ${String(error)}`);
		}
		if (response.status >= 200 && response.status < 300) return onSuccess(response);
		const problem = Problem.safeParse(await response.json().catch(() => undefined)).data;
		if (response.status === 404 && onNotFound) return onNotFound();
		if (response.status >= 500 || response.status === 429 || response.status === 408) {
			return fault("unavailable", `${this.businessType} partner answered ${response.status}`, {
				status: response.status,
			});
		}
		return fault(
			"rejected",
			problem?.detail ?? problem?.code ?? `${this.businessType} partner answered ${response.status}`,
			{
				status: response.status,
				...(problem?.code ? { code: problem.code } : {}),
			},
		);
	}
}
