import { z } from "zod";
import { BUSINESS_TYPES } from "../domain/business";
import type { PromoRule } from "../domain/promo";
import {
	andThen,
	ok,
	parsed,
	type Reply,
	refused,
	send,
	type Upstream,
	type UpstreamReply,
} from "./upstream";

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
	| { valid: true; rule: PromoRule }
	| { valid: false; code: "PROMO_UNKNOWN" | "PROMO_EXPIRED"; message: string };

export class PromoGatewayClient {
	constructor(private readonly up: Upstream) {}

	/** Looks a code up; the discount itself is computed locally from the returned rule. */
	lookup(code: string): Promise<Reply<PromoLookup>> {
		return andThen<UpstreamReply, PromoLookup>(
			send(this.up, "post", "promos/validate", { code }),
			(reply) => {
				if (reply.status !== 200) return refused(this.up, "a validation", reply);
				return andThen(parsed(this.up, ValidateReplySchema, reply.body), (answer): Reply<PromoLookup> => {
					if (answer.valid) return ok({ valid: true, rule: answer.promo });
					const expired = answer.reason === "EXPIRED";
					return ok({
						valid: false,
						code: expired ? "PROMO_EXPIRED" : "PROMO_UNKNOWN",
						message:
							answer.message ?? (expired ? "The promo code has expired." : "The promo code is not known."),
					});
				});
			},
		);
	}
}
