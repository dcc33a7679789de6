import { z } from "zod";
import { BUSINESS_TYPES } from "../domain/business";
import type { PromoRule } from "../domain/promo";
import { ApiError } from "../lib/errors";
import { parseReply, send, type Upstream } from "./upstream";

const RuleSchema = z.object({
	code: z.string().min(1),
	description: z.string().optional(),
	kind: z.enum(["PERCENT", "FLAT"]),
	value: z.number().int().positive(),
	maxDiscount: z.number().int().nonnegative().optional(),
	minSpend: z.number().int().nonnegative().optional(),
	businessTypes: z.array(z.enum(BUSINESS_TYPES)).optional(),
	expiresAt: z.iso.datetime({ offset: true }),
});

const ValidateReplySchema = z.discriminatedUnion("valid", [
	z.object({ valid: z.literal(true), promo: RuleSchema }),
	z.object({ valid: z.literal(false), reason: z.string(), message: z.string().optional() }),
]);

export type PromoLookup =
	| { ok: true; rule: PromoRule }
	| { ok: false; code: "PROMO_UNKNOWN" | "PROMO_EXPIRED"; message: string };

export class PromoGatewayClient {
	constructor(private readonly up: Upstream) {}

	/** Looks a code up; the discount itself is computed locally from the returned rule. */
	async lookup(code: string): Promise<PromoLookup> {
		const reply = await send(this.up, "post", "promos/validate", { code });
		if (reply.status !== 200) {
			throw new ApiError("UPSTREAM_INVALID", `The promo gateway answered ${reply.status} to a validation.`);
		}
		const answer = parseReply(this.up, ValidateReplySchema, reply.body);
		if (answer.valid) return { ok: true, rule: answer.promo };
		const expired = answer.reason === "EXPIRED";
		return {
			ok: false,
			code: expired ? "PROMO_EXPIRED" : "PROMO_UNKNOWN",
			message: answer.message ?? (expired ? "The promo code has expired." : "The promo code is not known."),
		};
	}
}
