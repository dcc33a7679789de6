import { createRoute } from "@hono/zod-openapi";
import { requireCustomer } from "../../lib/auth";
import { BookingIdParams, BookingSchema } from "../bookings/bookings.schemas";
import { IdempotencyHeaders } from "../carts/carts.schemas";
import { bearerAuth, json, problems } from "../shared/responses";
import {
	CreateOrderBody,
	CreateOrderResponse,
	CreateOrderWebBody,
	CreateOrderWebResponse,
} from "./orders.schemas";

const body = <T>(schema: T) => ({ required: true, content: { "application/json": { schema } } });
const checkoutProblems = [
	"CART_NOT_FOUND",
	"CART_EXPIRED",
	"CART_EMPTY",
	"CART_CHANGED",
	"IDEMPOTENCY_KEY_REUSED",
	"QUOTE_EXPIRED",
	"PRICE_CHANGED",
	"PROMO_UNKNOWN",
	"PROMO_EXPIRED",
	"PROMO_NOT_APPLICABLE",
	"PAYMENT_METHOD_LIMIT",
	"PAYMENT_METHOD_DISABLED",
	"CARD_DAILY_BUDGET_EXCEEDED",
	"PAYMENT_LINK_UNAVAILABLE",
	"UPSTREAM_UNAVAILABLE",
	"UPSTREAM_INVALID",
] as const;

export const createOrder = createRoute({
	method: "post",
	path: "/v1/orders",
	operationId: "CreateOrder",
	summary: "Check a cart out into a booking with one payment",
	description:
		"Re-prices the cart, re-validates its promo, applies service fees, reserves the customer's payment-method limits and asks the processor for a payment link. One cart yields at most one live booking: repeating the call returns the same booking. If no link can be had, the booking is canceled and the cart is usable again.",
	tags: ["Order"],
	security: bearerAuth,
	middleware: [requireCustomer],
	request: { headers: IdempotencyHeaders, body: body(CreateOrderBody) },
	responses: {
		201: json(CreateOrderResponse, "The booking and how to pay"),
		...problems("UNAUTHORIZED", ...checkoutProblems),
	},
});

export const createOrderWeb = createRoute({
	method: "post",
	path: "/v1/web/orders",
	operationId: "CreateOrderWeb",
	summary: "Order as a guest (web reservation)",
	description:
		"Prices the items, checks out like CreateOrder and returns an access token scoped to the booking. With an Idempotency-Key, a retry returns the same booking.",
	tags: ["Order"],
	request: { headers: IdempotencyHeaders, body: body(CreateOrderWebBody) },
	responses: {
		201: json(CreateOrderWebResponse, "The booking, how to pay and the guest's access token"),
		...problems(
			...checkoutProblems,
			"SESSION_NOT_FOUND",
			"FLEET_NOT_FOUND",
			"BUSINESS_TYPE_MISMATCH",
			"DETAILS_MISMATCH",
		),
	},
});

export const getOrderDetailWeb = createRoute({
	method: "get",
	path: "/v1/web/orders/{bookingId}",
	operationId: "GetOrderDetailWeb",
	summary: "A guest's booking, opened with its access token",
	tags: ["Order"],
	security: bearerAuth,
	request: { params: BookingIdParams },
	responses: { 200: json(BookingSchema, "The booking"), ...problems("UNAUTHORIZED", "BOOKING_NOT_FOUND") },
});
