import { z } from "@hono/zod-openapi";
import { BookingSchema, ContactSchema, PaymentMethodSchema } from "../bookings/bookings.schemas";
import { AddCartItemBody } from "../carts/carts.schemas";
import { idSchema, PersonSchema } from "../shared/schemas";

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

export const CreateOrderWebBody = z
	.object({
		items: z
			.array(AddCartItemBody)
			.min(1)
			.max(50)
			.openapi({ description: "The items, as AddCartItem bodies." }),
		paymentMethod: PaymentMethodSchema,
		customer: ContactSchema,
	})
	.openapi("CreateOrderWebRequest");

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
