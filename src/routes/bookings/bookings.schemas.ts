import { z } from "@hono/zod-openapi";
import { PAYMENT_METHODS } from "../../domain/payment-methods";
import {
	BusinessTypeSchema,
	FareComponentSchema,
	idParam,
	PersonSchema,
	VehicleSchema,
} from "../shared/schemas";

const money = (description: string, example: number) =>
	z
		.number()
		.int()
		.openapi({ description: `${description} (IDR).`, example });

export const PaymentMethodSchema = z.enum(PAYMENT_METHODS).openapi("PaymentMethod", { example: "GOPAY" });
export const BookingStatusSchema = z
	.enum(["CREATED", "ACTIVE", "COMPLETED", "FAILED", "CANCELED"])
	.openapi("BookingStatus", { example: "CREATED" });
export const PaymentStatusSchema = z
	.enum([
		"REQUEST_PAYMENT_LINK",
		"WAITING_FOR_PAYMENT",
		"PAID",
		"CANCELED",
		"FAILED",
		"REQUEST_REFUND",
		"REFUND_SUCCESS",
	])
	.openapi("PaymentStatus", { example: "WAITING_FOR_PAYMENT" });

export const ContactSchema = z
	.object({
		name: z.string().trim().min(1).max(100).openapi({ example: "Budi Santoso" }),
		email: z.email().max(254).openapi({ example: "budi@example.com" }),
		phone: z
			.string()
			.regex(/^\+?[0-9]{6,15}$/, "Must be a phone number of 6 to 15 digits, optionally starting with +")
			.openapi({ example: "+6281234567890" }),
	})
	.openapi("Contact");

export const PaymentSchema = z
	.object({
		method: PaymentMethodSchema,
		status: PaymentStatusSchema,
		amount: money("Amount to pay", 95_900),
		url: z
			.string()
			.optional()
			.openapi({ description: "Where the customer pays, while WAITING_FOR_PAYMENT." }),
		expiresAt: z.string().optional().openapi({ description: "When an unpaid booking is canceled." }),
		paidAt: z.string().optional(),
		refunds: z
			.array(
				z
					.object({
						amount: money("Refunded amount", 45_950),
						status: z.enum(["REQUESTED", "SUCCEEDED"]).openapi({
							description: "REQUESTED until the processor confirms the money went back.",
						}),
						itemId: z.string().optional().openapi({
							description: "The canceled item whose share this is; absent for the rest of the payment.",
						}),
						actionId: z.string().optional().openapi({
							description: "Set when an operator made this refund (the action's id).",
						}),
						requestedAt: z.string(),
						succeededAt: z.string().optional(),
					})
					.openapi("Refund"),
			)
			.openapi({ description: "Every refund of this payment." }),
		refunded: money("What the refunds returned so far (only those that succeeded)", 0),
	})
	.openapi("Payment");

export const ServiceFeeSchema = z
	.object({
		feeId: z.string().openapi({ example: "fee_platform" }),
		code: z.string().openapi({ example: "PLATFORM_FEE" }),
		name: z.string().openapi({ example: "Platform fee" }),
		businessType: BusinessTypeSchema.optional(),
		amount: z.number().int().openapi({ description: "IDR.", example: 2000 }),
	})
	.openapi("ServiceFee");

export const BookingSchema = z
	.object({
		id: z.string().openapi({ example: "bkg_4hT9q2ZxYvB7mN3kP8sR1w" }),
		cartId: z.string(),
		status: BookingStatusSchema,
		channel: z.enum(["APP", "WEB"]),
		customer: ContactSchema,
		items: z.array(
			z
				.object({
					id: z.string().openapi({ example: "oi_7Yh3Kd9QbX2mR5tN8vC1pZ" }),
					businessType: BusinessTypeSchema,
					fleetId: z.string(),
					name: z.string(),
					status: z.enum([
						"PENDING",
						"BOOKING",
						"BOOKED",
						"BOOK_FAILED",
						"IN_PROGRESS",
						"DONE",
						"CANCELING",
						"CANCELED",
					]),
					quantity: z.number().int(),
					unitPrice: z.number().int(),
					amount: z.number().int(),
					details: z.record(z.string(), z.unknown()),
					fareComponents: z.array(FareComponentSchema),
					passenger: PersonSchema.optional(),
					partnerRef: z
						.string()
						.optional()
						.openapi({ description: "The partner's booking reference, once booked." }),
					partnerStatus: z.string().optional(),
					vehicle: VehicleSchema.optional(),
				})
				.openapi("OrderItem"),
		),
		pricing: z.object({
			subtotal: z.number().int(),
			discount: z.number().int(),
			fees: z.number().int(),
			total: z.number().int(),
		}),
		fees: z.array(ServiceFeeSchema),
		promo: z.object({ code: z.string(), discount: z.number().int() }).optional(),
		payment: PaymentSchema,
		sagaStatus: z.enum(["RUNNING", "SUCCEEDED", "COMPENSATING", "REFUNDING", "FAILED"]).optional().openapi({
			description:
				"Once paid: RUNNING while items are being booked, SUCCEEDED once all are, COMPENSATING while booked items are canceled because one could not be, FAILED once the booking failed (its refund is in `payment.refunds`).",
		}),
		cancelReason: z.string().optional().openapi({ example: "PAYMENT_EXPIRED" }),
		receipt: z
			.object({ url: z.string() })
			.optional()
			.openapi({ description: "Once a completed booking's receipt is rendered." }),
		createdAt: z.string(),
		updatedAt: z.string(),
		version: z.number().int().openapi({ description: "Increases with every change." }),
	})
	.openapi("Booking");

export const BookingIdParams = z.object({ bookingId: idParam("bookingId", "bkg_4hT9q2ZxYvB7mN3kP8sR1w") });

export const BookingSummarySchema = z
	.object({
		id: z.string(),
		status: BookingStatusSchema,
		total: z.number().int(),
		currency: z.string(),
		paymentMethod: z.string(),
		paymentStatus: z.string(),
		itemCount: z.number().int(),
		createdAt: z.string(),
		updatedAt: z.string(),
	})
	.openapi("BookingSummary");

export const ListBookingsQuery = z.object({
	status: BookingStatusSchema.optional().openapi({ param: { name: "status", in: "query" } }),
	cursor: z
		.string()
		.max(512)
		.optional()
		.openapi({ param: { name: "cursor", in: "query" }, description: "From the previous page's nextCursor." }),
	limit: z.coerce
		.number()
		.int()
		.min(1)
		.max(100)
		.optional()
		.openapi({ param: { name: "limit", in: "query" }, example: 20 }),
});

export const ReceiptSchema = z.object({ url: z.string() }).openapi("Receipt");
export const ReceiptPendingSchema = z.object({ status: z.literal("PENDING") }).openapi("ReceiptPending");
