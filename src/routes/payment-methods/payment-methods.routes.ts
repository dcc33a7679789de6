import { createRoute, z } from "@hono/zod-openapi";
import { PaymentMethodSchema } from "../bookings/bookings.schemas";
import { json, problems } from "../shared/responses";

export const PaymentMethodInfo = z
	.object({
		method: PaymentMethodSchema,
		enabled: z.boolean().openapi({ description: "Whether orders may be paid this way now." }),
		needsPaymentLink: z.boolean().openapi({
			description: "The customer pays on the processor's page (false: cash, settled on service).",
		}),
		maxConcurrentBookings: z.number().int().nullable().openapi({
			description: "Unfinished bookings a customer may hold with this method at once; null when unlimited.",
			example: 2,
		}),
		disabledMessage: z.string().optional().openapi({
			description: "What to tell the customer while the method is off.",
			example: "OVO is under maintenance until 14:00 WIB.",
		}),
	})
	.openapi("PaymentMethodInfo");

export const listPaymentMethods = createRoute({
	method: "get",
	path: "/v1/payment-methods",
	operationId: "ListPaymentMethods",
	summary: "The payment methods, which are on, and their limits",
	description:
		"All ten methods, from the dynamic configuration (the Config Service, read at most every CONFIG_REFRESH): clients stop offering a method that is off. No authentication.",
	tags: ["Order"],
	responses: {
		200: json(
			z.object({ methods: z.array(PaymentMethodInfo) }).openapi("PaymentMethodList"),
			"Every payment method",
		),
		...problems(),
	},
});
