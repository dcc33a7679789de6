import { createRoute, z } from "@hono/zod-openapi";
import { json, problems } from "../shared/responses";
import { BusinessTypeSchema, PromoCodeSchema } from "../shared/schemas";

export const PromoValidateBody = z
	.object({
		code: PromoCodeSchema,
		businessType: BusinessTypeSchema.optional().openapi({
			description: "The business type the amount is for.",
		}),
		amount: z
			.number()
			.int()
			.nonnegative()
			.max(1_000_000_000)
			.openapi({ description: "Amount in IDR.", example: 150000 }),
	})
	.openapi("PromoValidateRequest");

export const PromoValidateResponse = z
	.object({
		code: z.string().openapi({ example: "HEMAT10" }),
		valid: z.boolean().openapi({ description: "The code exists and has not expired." }),
		applicable: z
			.boolean()
			.openapi({ description: "The code gives a discount on this amount and business type." }),
		discount: z
			.number()
			.int()
			.openapi({ description: "Discount in IDR (0 when not applicable).", example: 15000 }),
		reason: z
			.enum(["UNKNOWN", "EXPIRED", "MIN_SPEND_NOT_MET", "NO_ELIGIBLE_ITEMS"])
			.optional()
			.openapi({ description: "Why the code is not valid or not applicable." }),
		message: z.string().optional().openapi({ example: "The promo code has expired." }),
		promo: z
			.object({
				description: z.string().optional(),
				kind: z.enum(["PERCENT", "FLAT"]),
				value: z.number().int(),
				maxDiscount: z.number().int().optional(),
				minSpend: z.number().int().optional(),
				businessTypes: z.array(BusinessTypeSchema).optional(),
				expiresAt: z.string(),
			})
			.optional()
			.openapi("PromoRule"),
	})
	.openapi("PromoValidateResponse");

export const promoValidate = createRoute({
	method: "post",
	path: "/v1/promos/validate",
	operationId: "PromoValidate",
	summary: "Check a promo code against an amount",
	description: "Open to anyone (the web reservation page uses it) and rate limited per client address.",
	tags: ["Promo"],
	request: { body: { required: true, content: { "application/json": { schema: PromoValidateBody } } } },
	responses: {
		200: json(PromoValidateResponse, "Whether and how much the code discounts"),
		...problems("RATE_LIMITED", "UPSTREAM_UNAVAILABLE", "UPSTREAM_INVALID"),
	},
});
