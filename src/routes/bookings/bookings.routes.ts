import { createRoute, z } from "@hono/zod-openapi";
import { requireCustomer } from "../../lib/auth";
import { bearerAuth, json, problems } from "../shared/responses";
import {
	BookingIdParams,
	BookingSchema,
	BookingSummarySchema,
	ListBookingsQuery,
	PaymentSchema,
	ReceiptPendingSchema,
	ReceiptSchema,
} from "./bookings.schemas";

const base = { tags: ["Booking"], security: bearerAuth, middleware: [requireCustomer] };

export const getBookingDetail = createRoute({
	...base,
	method: "get",
	path: "/v1/bookings/{bookingId}",
	operationId: "GetBookingDetail",
	summary: "Get a booking with its items and payment",
	request: { params: BookingIdParams },
	responses: { 200: json(BookingSchema, "The booking"), ...problems("UNAUTHORIZED", "BOOKING_NOT_FOUND") },
});

export const listBookings = createRoute({
	...base,
	method: "get",
	path: "/v1/bookings",
	operationId: "ListBookings",
	summary: "List the caller's bookings, newest first",
	description: "Served from the order history (D1), which follows the bookings within moments.",
	request: { query: ListBookingsQuery },
	responses: {
		200: json(
			z
				.object({ bookings: z.array(BookingSummarySchema), nextCursor: z.string().optional() })
				.openapi("BookingPage"),
			"A page of bookings",
		),
		...problems("UNAUTHORIZED"),
	},
});

export const cancelBooking = createRoute({
	...base,
	method: "post",
	path: "/v1/bookings/{bookingId}/cancel",
	operationId: "CancelBooking",
	summary: "Cancel an unpaid booking",
	description:
		"Voids the payment link, releases payment limits and gives the cart back. Canceling a canceled booking is a no-op.",
	request: { params: BookingIdParams },
	responses: {
		200: json(BookingSchema, "The canceled booking"),
		...problems("UNAUTHORIZED", "BOOKING_NOT_FOUND", "BOOKING_NOT_CANCELABLE"),
	},
});

export const getPayment = createRoute({
	...base,
	method: "get",
	path: "/v1/bookings/{bookingId}/payment",
	operationId: "GetPayment",
	summary: "Get a booking's payment",
	request: { params: BookingIdParams },
	responses: { 200: json(PaymentSchema, "The payment"), ...problems("UNAUTHORIZED", "BOOKING_NOT_FOUND") },
});

export const getOrderReceipt = createRoute({
	...base,
	method: "get",
	path: "/v1/bookings/{bookingId}/receipt",
	operationId: "GetOrderReceipt",
	summary: "The receipt of a completed booking",
	description:
		"200 with the PDF's URL once it is rendered; 202 while the document generator is still working.",
	request: { params: BookingIdParams },
	responses: {
		200: json(ReceiptSchema, "The receipt"),
		202: json(ReceiptPendingSchema, "Being rendered; ask again shortly"),
		...problems("UNAUTHORIZED", "BOOKING_NOT_FOUND", "RECEIPT_NOT_AVAILABLE"),
	},
});
