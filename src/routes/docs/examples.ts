import * as bookings from "../bookings/bookings.routes";
import * as callbacks from "../callbacks/callbacks.routes";
import * as carts from "../carts/carts.routes";
import { health, ready } from "../health/health.routes";
import * as internal from "../internal/internal.routes";
import { itemDetailRoutes } from "../order-items/order-items.routes";
import * as orders from "../orders/orders.routes";
import { listPaymentMethods } from "../payment-methods/payment-methods.routes";
import { promoValidate } from "../promos/promos.routes";
import { searchFleets } from "../searches/searches.routes";
import * as f from "./example-fixtures";
import { examplesOf, type OperationExamples } from "./example-types";
import { webExamples } from "./examples-web";

const taxiItem = {
	businessType: "TAXI" as const,
	sessionId: f.ids.session,
	fleetId: "taxi-regular",
	quantity: 1,
	details: f.taxiDetails,
};
const addItemVariants = {
	RENT: {
		summary: "A car rental with a driver",
		value: {
			businessType: "RENT" as const,
			sessionId: "ses_rent_5d4c3b",
			fleetId: "rent-mpv",
			quantity: 1,
			details: { ...f.rentSearch, notes: "Child seat, please" },
		},
	},
	DELIVERY: {
		summary: "A package delivery",
		value: {
			businessType: "DELIVERY" as const,
			sessionId: "ses_dlv_2e1f0a",
			fleetId: "delivery-bike",
			quantity: 1,
			details: { ...f.deliverySearch, notes: "Fragile" },
		},
	},
	SHUTTLE: {
		summary: "Two shuttle seats",
		value: {
			businessType: "SHUTTLE" as const,
			sessionId: "ses_sht_7a6b5c",
			fleetId: "shuttle-executive",
			quantity: 2,
			details: f.shuttleDetails,
		},
	},
};

const list: OperationExamples[] = [
	examplesOf(health, { responses: { 200: { status: "ok" } } }),
	examplesOf(ready, {
		responses: {
			200: { status: "ready", checks: { d1: "ok", durableObjects: "ok" } },
			503: { status: "unavailable", checks: { d1: "failing", durableObjects: "ok" } },
		},
	}),
	examplesOf(searchFleets, {
		request: { businessType: "TAXI", details: f.taxiSearch },
		requestSummary: "A taxi ride",
		requestVariants: {
			RENT: { summary: "A car rental", value: { businessType: "RENT", details: f.rentSearch } },
			DELIVERY: { summary: "A delivery", value: { businessType: "DELIVERY", details: f.deliverySearch } },
			SHUTTLE: { summary: "Shuttle seats", value: { businessType: "SHUTTLE", details: f.shuttleSearch } },
		},
		responses: {
			200: {
				sessionId: f.ids.session,
				businessType: "TAXI",
				expiresAt: f.at.expires,
				fleets: [
					{
						fleetId: "taxi-regular",
						name: "Taxi Regular",
						unitPrice: 85_000,
						fareComponents: f.fareComponents,
					},
					{
						fleetId: "taxi-premium",
						name: "Taxi Premium",
						unitPrice: 120_000,
						fareComponents: [
							{ code: "BASE_FARE", amount: 105_000 },
							{ code: "DISTANCE", amount: 15_000 },
						],
					},
				],
			},
		},
	}),
	examplesOf(carts.createCart, { responses: { 201: f.emptyCart } }),
	examplesOf(carts.getCart, { responses: { 200: f.cart } }),
	examplesOf(carts.addCartItem, {
		request: taxiItem,
		requestSummary: "A taxi ride",
		requestVariants: addItemVariants,
		responses: { 201: { cart: f.cart, itemId: f.ids.cartItem } },
	}),
	examplesOf(carts.setQuantity, {
		request: { quantity: 2 },
		responses: {
			200: {
				...f.cart,
				version: 4,
				items: f.cart.items.map((item) => ({ ...item, quantity: 2, amount: 170_000 })),
				promo: { code: "HEMAT10", discount: 17_000 },
				pricing: {
					...f.cart.pricing,
					subtotal: 170_000,
					discount: 17_000,
					total: 155_000,
				},
			},
		},
	}),
	examplesOf(carts.deleteCartItem, { responses: { 200: { ...f.emptyCart, version: 4 } } }),
	examplesOf(carts.applyPromo, { request: { code: "HEMAT10" }, responses: { 200: f.cart } }),
	examplesOf(carts.removePromo, {
		responses: {
			200: {
				...f.cart,
				version: 4,
				promo: undefined,
				pricing: { ...f.cart.pricing, discount: 0, total: 87_000 },
			},
		},
	}),
	examplesOf(promoValidate, {
		request: { code: "HEMAT10", businessType: "TAXI", amount: 150_000 },
		responses: {
			200: {
				code: "HEMAT10",
				valid: true,
				applicable: true,
				discount: 15_000,
				promo: {
					description: "10% off, at most 50,000 IDR",
					kind: "PERCENT",
					value: 10,
					maxDiscount: 50_000,
					expiresAt: "2027-12-31T16:59:59.000Z",
				},
			},
		},
	}),
	examplesOf(listPaymentMethods, {
		responses: {
			200: {
				methods: [
					{ method: "CASH", enabled: true, needsPaymentLink: false, maxConcurrentBookings: null },
					{ method: "CREDIT_CARD", enabled: true, needsPaymentLink: true, maxConcurrentBookings: 2 },
					{ method: "GOPAY", enabled: true, needsPaymentLink: true, maxConcurrentBookings: 2 },
					{
						method: "OVO",
						enabled: false,
						needsPaymentLink: true,
						maxConcurrentBookings: 2,
						disabledMessage: "OVO is under maintenance until 14:00 WIB.",
					},
				],
			},
		},
	}),
	examplesOf(orders.createOrder, {
		request: { cartId: f.ids.cart, paymentMethod: "GOPAY", customer: f.contact },
		responses: {
			201: {
				booking: f.newBooking,
				payment: { status: "WAITING_FOR_PAYMENT", url: f.payUrl, expiresAt: f.waitingPayment.expiresAt },
			},
		},
	}),
	...webExamples,
	examplesOf(bookings.getBookingDetail, { responses: { 200: f.activeBooking } }),
	examplesOf(bookings.listBookings, {
		responses: {
			200: {
				bookings: [
					{
						id: f.ids.booking,
						status: "ACTIVE",
						total: 78_500,
						currency: "IDR",
						paymentMethod: "GOPAY",
						paymentStatus: "PAID",
						itemCount: 1,
						createdAt: f.at.updated,
						updatedAt: "2026-12-01T01:05:00.000Z",
					},
				],
				nextCursor: "eyJjIjoiMjAyNi0xMi0wMVQwMTowMjowMC4wMDBaIn0",
			},
		},
	}),
	examplesOf(bookings.cancelBooking, { responses: { 200: f.canceledBooking } }),
	examplesOf(bookings.getPayment, { responses: { 200: f.paidPayment } }),
	examplesOf(bookings.getOrderReceipt, {
		responses: {
			200: { url: "https://documents.example.com/receipts/doc_5e2f.pdf" },
			202: { status: "PENDING" },
		},
	}),
	examplesOf(callbacks.callbackPayment, {
		request: {
			id: "evt_1a2b3c",
			type: "payment.paid",
			createdAt: f.at.paid,
			data: {
				paymentId: f.ids.payment,
				reference: f.ids.booking,
				amount: 78_500,
				currency: "IDR",
				method: "GOPAY",
				status: "PAID",
				paidAt: f.at.paid,
			},
		},
		responses: { 200: f.webhookAck },
	}),
	examplesOf(callbacks.callbackOrderItem, {
		request: {
			id: "evt_taxi_4d5e6f",
			partnerRef: f.ids.partnerRef,
			bookingId: f.ids.booking,
			itemId: f.ids.orderItem,
			businessType: "TAXI",
			status: "DRIVER_ASSIGNED",
			vehicle: f.vehicle,
			occurredAt: "2026-12-01T01:05:00.000Z",
		},
		responses: { 200: f.webhookAck },
	}),
	examplesOf(callbacks.callbackReceipt, {
		request: {
			id: "evt_doc_7f8a9b",
			documentId: "doc_5e2f",
			bookingId: f.ids.booking,
			url: "https://documents.example.com/receipts/doc_5e2f.pdf",
			occurredAt: "2026-12-01T03:00:00.000Z",
		},
		responses: { 200: { received: true } },
	}),
	...itemDetailRoutes.map(({ businessType, route }) =>
		examplesOf(route, { responses: { 200: { ...f.itemDetail, businessType } } }),
	),
	examplesOf(internal.getInternalBookingDetail, {
		responses: {
			200: {
				booking: { id: f.ids.booking, status: "ACTIVE", version: 5, paymentId: f.ids.payment },
				outbox: [],
				webhookInbox: ["evt_1a2b3c", "evt_taxi_4d5e6f"],
				alarm: null,
				saga: {
					plan: { bookingId: f.ids.booking, steps: [{ itemId: f.ids.orderItem, businessType: "TAXI" }] },
					log: { status: "SUCCEEDED", needsAttention: false },
					syncPending: false,
					alarm: null,
				},
				timeZone: { zone: "WIB", timeZone: "Asia/Jakarta", utcOffset: "+07:00" },
			},
		},
	}),
	examplesOf(internal.searchBookings, {
		responses: {
			200: {
				bookings: [
					{
						id: f.ids.booking,
						status: "ACTIVE",
						paymentStatus: "PAID",
						paymentMethod: "GOPAY",
						total: 78_500,
						customerId: "cust_1",
						createdAt: f.at.updated,
						updatedAt: "2026-12-01T01:05:00.000Z",
						sagaStatus: "SUCCEEDED",
						attention: false,
					},
				],
				nextCursor: null,
			},
		},
	}),
	examplesOf(internal.getOperationsSummary, {
		responses: {
			200: {
				byStatus: { CREATED: 4, ACTIVE: 31, COMPLETED: 812, FAILED: 6, CANCELED: 40 },
				needsAttention: 1,
				deadEvents: 0,
				sagaMs: { p50: 840, p99: 4_100, n: 57 },
			},
		},
	}),
	examplesOf(internal.listDeadEvents, {
		responses: {
			200: {
				deadEvents: [
					{
						id: `evt_${f.ids.booking}_3_booking.confirmed`,
						queue: "booking-events",
						bookingId: f.ids.booking,
						attempts: 10,
						firstFailedAt: "2026-12-01T01:05:02.000Z",
						lastError: "UPSTREAM_UNAVAILABLE: the notification service answered 503",
						deadAt: "2026-12-01T01:40:00.000Z",
						replayedAt: null,
						replayedBy: null,
						replayReason: null,
						body: { type: "booking.confirmed", bookingId: f.ids.booking },
					},
				],
				nextCursor: null,
			},
		},
	}),
	examplesOf(internal.replayDeadEvent, {
		request: { reason: "Notification service back up" },
		responses: {
			200: {
				id: `evt_${f.ids.booking}_3_booking.confirmed`,
				replayed: true,
				replayedAt: "2026-12-01T02:00:00.000Z",
				replayedBy: "op_ana",
			},
		},
	}),
	examplesOf(internal.getBookingTimeline, {
		responses: {
			200: {
				entries: [
					{
						at: f.at.updated,
						kind: "booking",
						summary: "Booking created, waiting for a GOPAY payment of 78,500 IDR.",
						actor: "customer",
						data: { status: "CREATED" },
					},
					{
						at: f.at.paid,
						kind: "webhook",
						summary: "Processor webhook payment.paid applied.",
						actor: "processor",
						data: { eventId: "evt_1a2b3c", result: "applied", status: 200 },
					},
					{
						at: "2026-12-01T01:03:12.000Z",
						kind: "saga.step",
						summary: `Partner TAXI booked item ${f.ids.orderItem} as ${f.ids.partnerRef}.`,
						actor: "system",
						data: { itemId: f.ids.orderItem, attempt: 1 },
					},
				],
			},
		},
	}),
	examplesOf(internal.runOperatorAction, {
		request: { action: "resume", reason: "TAXI partner is back up" },
		requestSummary: "Resume a flagged compensation",
		requestVariants: {
			refund: {
				summary: "Refund part of the payment",
				value: { action: "refund", amount: 20_000, reason: "Driver arrived 40 minutes late" },
			},
			"mark-compensated": {
				summary: "An item canceled at its partner by phone",
				value: {
					action: "mark-compensated",
					itemId: f.ids.orderItem,
					reason: "Partner confirmed the cancel by phone",
				},
			},
		},
		responses: {
			200: { actionId: "act_3k9x2m", action: "resume", bookingId: f.ids.booking, result: "applied" },
		},
	}),
];

/** Every operation's examples, by operationId; merged into the document as it is built. */
export const examples: Readonly<Record<string, OperationExamples>> = Object.fromEntries(
	list.map((entry) => [entry.operationId, entry]),
);
