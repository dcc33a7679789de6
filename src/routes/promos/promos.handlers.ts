import { calculateDiscount, PROMO_REJECTION_TEXT } from "../../domain/promo";
import type { AppRouteHandler } from "../../lib/app-route";
import { limitClient } from "../../lib/rate-limit";
import { promoGateway } from "../../partners";
import { answered } from "../shared/upstream";
import type { promoValidate as route } from "./promos.routes";

export const promoValidate: AppRouteHandler<typeof route> = async (c) => {
	await limitClient(c, c.env.PROMO_RATE_LIMITER, "promo-validate", "promo checks");
	const { code, businessType, amount } = c.req.valid("json");
	const lookup = answered(await promoGateway(c.env).lookup(code.toUpperCase()));
	if (!lookup.valid) {
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
