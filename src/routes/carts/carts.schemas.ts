import { z } from "@hono/zod-openapi";
import { PaymentMethodSchema, ServiceFeeSchema } from "../bookings/bookings.schemas";
import {
	BusinessTypeSchema,
	DeliveryItemSchema,
	FareComponentSchema,
	idParam,
	idSchema,
	PromoCodeSchema,
	QuantitySchema,
	RentItemSchema,
	ShuttleItemSchema,
	TaxiItemSchema,
} from "../shared/schemas";

const money = (description: string, example: number) =>
	z
		.number()
		.int()
		.openapi({ description: `${description} (IDR).`, example });

export const CartIdParams = z.object({ cartId: idParam("cartId", "cart_4hT9q2ZxYvB7mN3kP8sR1w") });
export const ItemIdParams = CartIdParams.extend({ itemId: idParam("itemId", "item_7Yh3Kd9QbX2mR5tN8vC1pZ") });

export const IdempotencyHeaders = z.object({
	"idempotency-key": z
		.string()
		.min(1)
		.max(255)
		.regex(/^[\x21-\x7e]+$/, "Must be printable ASCII without spaces")
		.optional()
		.openapi({
			description: "Replays the first response for a retried request with the same body.",
			example: "7f0c1a52-2c1e-4a53-9a37-0b8f1c9d6e21",
		}),
});

const common = {
	sessionId: idSchema("From SearchFleets.", "ses_9a8b7c"),
	fleetId: idSchema("A fleet of that search.", "taxi-regular"),
	quantity: QuantitySchema,
};

export const AddCartItemBody = z
	.discriminatedUnion("businessType", [
		z.object({ businessType: z.literal("TAXI"), ...common, details: TaxiItemSchema }),
		z.object({ businessType: z.literal("RENT"), ...common, details: RentItemSchema }),
		z.object({ businessType: z.literal("DELIVERY"), ...common, details: DeliveryItemSchema }),
		z.object({ businessType: z.literal("SHUTTLE"), ...common, details: ShuttleItemSchema }),
	])
	.openapi("AddCartItemRequest");
export type AddCartItemInput = z.infer<typeof AddCartItemBody>;

export const SetQuantityBody = z.object({ quantity: QuantitySchema }).openapi("SetQuantityRequest");
export const ApplyPromoBody = z.object({ code: PromoCodeSchema }).openapi("ApplyPromoRequest");

export const CartItemSchema = z
	.object({
		id: z.string().openapi({ example: "item_7Yh3Kd9QbX2mR5tN8vC1pZ" }),
		businessType: BusinessTypeSchema,
		fleetId: z.string().openapi({ example: "taxi-regular" }),
		name: z.string().openapi({ example: "Taxi Regular" }),
		quantity: z.number().int().openapi({ example: 1 }),
		unitPrice: money("Price of one unit, from the Session Manager's quote", 85000),
		amount: money("unitPrice × quantity", 85000),
		details: z
			.record(z.string(), z.unknown())
			.openapi({ description: "The item's business details as added." }),
		fareComponents: z.array(FareComponentSchema).openapi({ description: "Breakdown of one unit's price." }),
		quoteExpiresAt: z
			.string()
			.openapi({ description: "When the price quote expires.", example: "2026-12-01T08:15:00.000Z" }),
	})
	.openapi("CartItem");

export const CartSchema = z
	.object({
		id: z.string().openapi({ example: "cart_4hT9q2ZxYvB7mN3kP8sR1w" }),
		status: z.enum(["OPEN", "CHECKED_OUT", "EXPIRED"]).openapi({ example: "OPEN" }),
		version: z.number().int().openapi({ description: "Increases with every change.", example: 3 }),
		bookingId: z
			.string()
			.optional()
			.openapi({ description: "The booking it was checked out into, while CHECKED_OUT." }),
		expiresAt: z.string().openapi({
			description: "The cart expires CART_TTL after its last change.",
			example: "2026-12-01T08:15:00.000Z",
		}),
		createdAt: z.string().openapi({ example: "2026-12-01T08:00:00.000Z" }),
		updatedAt: z.string().openapi({ example: "2026-12-01T08:00:00.000Z" }),
		items: z.array(CartItemSchema),
		promo: z
			.object({
				code: z.string().openapi({ example: "HEMAT10" }),
				discount: money("Discount granted", 8500),
				reason: z
					.enum(["EXPIRED", "MIN_SPEND_NOT_MET", "NO_ELIGIBLE_ITEMS"])
					.optional()
					.openapi({ description: "Set when the promo stopped applying and was dropped." }),
				message: z
					.string()
					.optional()
					.openapi({ example: "The cart does not reach the promo's minimum spend." }),
			})
			.optional()
			.openapi("CartPromo"),
		fees: z
			.array(ServiceFeeSchema)
			.openapi({ description: "The service fees the order will charge whatever the payment method." }),
		pricing: z
			.object({
				subtotal: money("Sum of item amounts", 85000),
				discount: money("Promo discount", 8500),
				fees: money("Service fees every payment method pays", 2000),
				total: money("subtotal - discount + fees", 78500),
				byPaymentMethod: z
					.record(
						PaymentMethodSchema,
						z.object({
							fees: money("Every service fee the order charges with this method", 3150),
							total: money("What the order charges with this method", 79650),
						}),
					)
					.openapi({
						description:
							"What an order of this cart charges with each payment method (some add a surcharge): the total to show once a method is chosen.",
					}),
			})
			.openapi("CartPricing"),
		currency: z.literal("IDR"),
	})
	.openapi("Cart");

export const AddCartItemResponse = z
	.object({ cart: CartSchema, itemId: z.string() })
	.openapi("AddCartItemResponse");
