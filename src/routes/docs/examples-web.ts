import * as orders from "../orders/orders.routes";
import * as f from "./example-fixtures";
import { examplesOf } from "./example-types";

/** A guest's token for one booking (GetOrderDetailWeb and the other guest routes take it). */
const accessToken = "gst_v1.bkg_4hT9q2ZxYvB7mN3kP8sR1w.3f9a1c2e7b6d5a4f";

const guestBooking = { ...f.newBooking, channel: "WEB" as const };

/** The guest (web reservation) operations: no cart, one call from items to a booking. */
export const webExamples = [
	examplesOf(orders.createOrderWeb, {
		request: {
			items: [
				{
					businessType: "TAXI",
					sessionId: f.ids.session,
					fleetId: "taxi-regular",
					quantity: 1,
					details: f.taxiDetails,
				},
				{
					businessType: "SHUTTLE",
					sessionId: "ses_sht_7a6b5c",
					fleetId: "shuttle-executive",
					quantity: 2,
					details: f.shuttleDetails,
				},
			],
			paymentMethod: "GOPAY",
			customer: f.contact,
			promoCode: "HEMAT10",
			returnUrl: "https://orchestrator.example.com/track",
		},
		responses: {
			201: {
				booking: guestBooking,
				payment: { status: "WAITING_FOR_PAYMENT", url: f.payUrl, expiresAt: f.waitingPayment.expiresAt },
				accessToken,
			},
		},
	}),
	examplesOf(orders.previewWebOrder, {
		request: {
			items: [
				{
					businessType: "TAXI",
					sessionId: f.ids.session,
					fleetId: "taxi-regular",
					quantity: 2,
					details: f.taxiDetails,
				},
			],
			paymentMethod: "GOPAY",
			promoCode: "HEMAT10",
		},
		responses: {
			200: {
				subtotal: 170_000,
				discount: 17_000,
				fees: 2_000,
				total: 155_000,
				promoCode: "HEMAT10",
				serviceFees: [f.platformFee],
				items: [
					{
						businessType: "TAXI",
						fleetId: "taxi-regular",
						name: "Taxi Regular",
						quantity: 2,
						unitPrice: 85_000,
						amount: 170_000,
					},
				],
			},
		},
	}),
	examplesOf(orders.getOrderDetailWeb, { responses: { 200: { ...f.activeBooking, channel: "WEB" } } }),
	examplesOf(orders.getOrderReceiptWeb, {
		responses: {
			200: { url: "https://documents.example.com/receipts/doc_5e2f.pdf" },
			202: { status: "PENDING" },
		},
	}),
	examplesOf(orders.cancelOrderWeb, { responses: { 200: { ...f.canceledBooking, channel: "WEB" } } }),
	// A WebSocket upgrade: its 101 has no body; the messages are described on the route.
	examplesOf(orders.watchOrderWeb, { responses: {} }),
];
