import { createRoute, z } from "@hono/zod-openapi";
import { requireCustomer } from "../../lib/auth";
import { limitGuests } from "../../lib/rate-limit";
import {
	BookingIdParams,
	BookingSchema,
	ReceiptPendingSchema,
	ReceiptSchema,
} from "../bookings/bookings.schemas";
import { IdempotencyHeaders } from "../carts/carts.schemas";
import { bearerAuth, json, problems } from "../shared/responses";
import {
	CreateOrderBody,
	CreateOrderResponse,
	CreateOrderWebBody,
	CreateOrderWebResponse,
	PreviewWebOrderBody,
	PreviewWebOrderResponse,
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
		"Prices the items, applies the promo code if one is given (re-validated now, like a cart's), checks out like CreateOrder and returns an access token scoped to the booking. With an Idempotency-Key, a retry returns the same booking. The processor's payment page links back to `returnUrl`, which must be on this API's origin. The confirmation message to the guest carries the tracking link `/track/{bookingId}#t=<accessToken>`.",
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

export const previewWebOrder = createRoute({
	method: "post",
	path: "/v1/web/pricing",
	operationId: "PreviewWebOrder",
	summary: "What a guest order would charge",
	description:
		"Takes CreateOrderWeb's `items`, `paymentMethod` and optional `promoCode` and answers the subtotal, discount, service fees and total that CreateOrderWeb would charge for them now, priced exactly as it does. Nothing is created. No authentication; 30 requests a minute per client address, then 429 with `Retry-After`.",
	tags: ["Order"],
	middleware: [limitGuests("web-pricing", "price checks")],
	request: { body: body(PreviewWebOrderBody) },
	responses: {
		200: json(PreviewWebOrderResponse, "The price of the order"),
		...problems(
			"RATE_LIMITED",
			"QUOTE_EXPIRED",
			"SESSION_NOT_FOUND",
			"FLEET_NOT_FOUND",
			"BUSINESS_TYPE_MISMATCH",
			"DETAILS_MISMATCH",
			"PROMO_UNKNOWN",
			"PROMO_EXPIRED",
			"PROMO_NOT_APPLICABLE",
			"UPSTREAM_UNAVAILABLE",
			"UPSTREAM_INVALID",
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

const guest = { tags: ["Order"], security: bearerAuth, request: { params: BookingIdParams } };

export const getOrderReceiptWeb = createRoute({
	...guest,
	method: "get",
	path: "/v1/web/orders/{bookingId}/receipt",
	operationId: "GetOrderReceiptWeb",
	summary: "A guest's receipt, opened with the booking's access token",
	description:
		"As GetOrderReceipt: 200 with the PDF's URL once it is rendered, 202 while the document generator is still working, 409 before the booking is COMPLETED.",
	responses: {
		200: json(ReceiptSchema, "The receipt"),
		202: json(ReceiptPendingSchema, "Being rendered; ask again shortly"),
		...problems("UNAUTHORIZED", "BOOKING_NOT_FOUND", "RECEIPT_NOT_AVAILABLE"),
	},
});

export const cancelOrderWeb = createRoute({
	...guest,
	method: "post",
	path: "/v1/web/orders/{bookingId}/cancel",
	operationId: "CancelOrderWeb",
	summary: "A guest cancels an unpaid booking",
	description:
		"As CancelBooking, opened with the booking's access token: voids the payment link and releases the payment limits. Canceling a canceled booking is a no-op; a paid booking cannot be canceled (409).",
	responses: {
		200: json(BookingSchema, "The canceled booking"),
		...problems("UNAUTHORIZED", "BOOKING_NOT_FOUND", "BOOKING_NOT_CANCELABLE"),
	},
});

export const watchOrderWeb = createRoute({
	method: "get",
	path: "/v1/web/orders/{bookingId}/live",
	operationId: "WatchOrderWeb",
	summary: "Live updates of a guest's booking (WebSocket)",
	description:
		'Upgrades to a WebSocket served by the booking\'s Durable Object. It sends `{ "type": "booking", "booking": <the GetOrderDetailWeb view> }` on connect and on every change of the booking. Browsers cannot set headers on a WebSocket, so the access token may come as the `token` query parameter on this route (only here; it is never logged) or as a Bearer header. A missing or wrong token is 401 before any upgrade; a request without `Upgrade: websocket` is 426.',
	tags: ["Order"],
	security: bearerAuth,
	request: {
		params: BookingIdParams,
		query: z.object({
			token: z.string().max(4096).optional().openapi({ description: "The booking's access token." }),
		}),
	},
	responses: {
		101: { description: "Switching to the WebSocket; booking views follow as JSON text messages" },
		...problems("UNAUTHORIZED", "BOOKING_NOT_FOUND", "UPGRADE_REQUIRED"),
	},
});
