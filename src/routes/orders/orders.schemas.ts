import { z } from "@hono/zod-openapi";
import {
	BookingSchema,
	ContactSchema,
	PaymentMethodSchema,
	ServiceFeeSchema,
} from "../bookings/bookings.schemas";
import { AddCartItemBody } from "../carts/carts.schemas";
import { idSchema, PersonSchema, PromoCodeSchema } from "../shared/schemas";

export const CreateOrderBody = z
	.object({
		cartId: idSchema("The cart to order.", "cart_4hT9q2ZxYvB7mN3kP8sR1w"),
		paymentMethod: PaymentMethodSchema,
		customer: ContactSchema,
		passengers: z
			.array(
				PersonSchema.extend({
					itemId: idSchema("The cart item the passenger rides on.", "item_7Yh3Kd9QbX2mR5tN8vC1pZ"),
				}),
			)
			.max(50)
			.optional()
			.openapi({ description: "Passenger per cart item; defaults to the item's passenger or the customer." }),
	})
	.openapi("CreateOrderRequest");

const webItems = z
	.array(AddCartItemBody)
	.min(1)
	.max(50)
	.openapi({ description: "The items, as AddCartItem bodies." });
const webPromo = PromoCodeSchema.optional().openapi({
	description: "A promo code, validated like a cart's promo (and again when the order is placed).",
	example: "HEMAT10",
});

export const CreateOrderWebBody = z
	.object({
		items: webItems,
		paymentMethod: PaymentMethodSchema,
		customer: ContactSchema,
		promoCode: webPromo,
		returnUrl: z
			.url({ protocol: /^https?$/ })
			.max(2048)
			.optional()
			.openapi({
				description:
					"A page of the shop on this API's own origin that the processor's payment page links back to after paying, failing or cancelling; `{bookingId}` in it is replaced by the new booking's id. Another origin is refused (400, field `returnUrl`).",
				example: "https://orchestrator.example.com/track/{bookingId}",
			}),
	})
	.openapi("CreateOrderWebRequest");

export const PreviewWebOrderBody = z
	.object({ items: webItems, paymentMethod: PaymentMethodSchema, promoCode: webPromo })
	.openapi("PreviewWebOrderRequest");

const amount = (description: string, example: number) =>
	z
		.number()
		.int()
		.nonnegative()
		.openapi({ description: `${description} (IDR).`, example });

export const PreviewWebOrderResponse = z
	.object({
		subtotal: amount("Sum of the items' amounts", 170000),
		discount: amount("The promo's discount", 17000),
		fees: amount("Service fees of this payment method", 3000),
		total: amount("subtotal - discount + fees: what CreateOrderWeb charges", 156000),
		promoCode: z.string().optional().openapi({ description: "The promo applied.", example: "HEMAT10" }),
		serviceFees: z.array(ServiceFeeSchema).openapi({ description: "The service fees, one by one." }),
		items: z
			.array(
				z.object({
					businessType: z.string().openapi({ example: "TAXI" }),
					fleetId: z.string().openapi({ example: "taxi-regular" }),
					name: z.string().openapi({ example: "Taxi Regular" }),
					quantity: z.number().int().openapi({ example: 2 }),
					unitPrice: amount("Price of one unit", 85000),
					amount: amount("unitPrice × quantity", 170000),
				}),
			)
			.openapi({ description: "Each item as priced by its quote." }),
	})
	.openapi("WebOrderPricing");

export const OrderPaymentSchema = z
	.object({
		status: z.string().openapi({ example: "WAITING_FOR_PAYMENT" }),
		url: z.string().optional().openapi({ description: "Send the customer here to pay." }),
		expiresAt: z.string().optional(),
	})
	.openapi("OrderPayment");

export const CreateOrderResponse = z
	.object({ booking: BookingSchema, payment: OrderPaymentSchema })
	.openapi("CreateOrderResponse");
export const CreateOrderWebResponse = CreateOrderResponse.extend({
	accessToken: z
		.string()
		.openapi({ description: "Bearer token for GetOrderDetailWeb, scoped to this booking." }),
}).openapi("CreateOrderWebResponse");
