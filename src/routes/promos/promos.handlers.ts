import type { RouteHandler } from "@hono/zod-openapi";
import { calculateDiscount, PROMO_REJECTION_TEXT } from "../../domain/promo";
import type { AppEnv } from "../../lib/app-env";
import { ApiError } from "../../lib/errors";
import { promoGateway } from "../../partners";
import type { promoValidate as route } from "./promos.routes";

export const promoValidate: RouteHandler<typeof route, AppEnv> = async (c) => {
	const client = c.req.header("cf-connecting-ip") ?? "unknown";
	const { success } = await c.env.PROMO_RATE_LIMITER.limit({ key: `promo-validate:${client}` });
	if (!success) {
		throw new ApiError("RATE_LIMITED", "Too many promo checks from this address; wait a minute.", undefined, {
			"retry-after": "60",
		});
	}
	const { code, businessType, amount } = c.req.valid("json");
	const lookup = await promoGateway(c.env).lookup(code.toUpperCase());
	if (!lookup.ok) {
		const reason = lookup.code === "PROMO_EXPIRED" ? "EXPIRED" : "UNKNOWN";
		return c.json(
			{
				code: code.toUpperCase(),
				valid: false,
				applicable: false,
				discount: 0,
				reason,
				message: lookup.message,
			},
			200,
		);
	}
	const { rule } = lookup;
	// Without a business type, a promo limited to some types cannot be shown to apply.
	const lines = businessType
		? [{ businessType, amount }]
		: rule.businessTypes
			? []
			: [{ businessType: "TAXI" as const, amount }];
	const result = calculateDiscount(rule, lines, Date.now());
	const { code: ruleCode, ...promo } = rule;
	return c.json(
		{
			code: ruleCode,
			valid: true,
			applicable: result.ok,
			discount: result.ok ? result.discount : 0,
			...(result.ok ? {} : { reason: result.reason, message: PROMO_REJECTION_TEXT[result.reason] }),
			promo,
		},
		200,
	);
};
