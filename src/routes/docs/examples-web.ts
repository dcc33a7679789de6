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
		},
		responses: {
			201: {
				booking: guestBooking,
				payment: { status: "WAITING_FOR_PAYMENT", url: f.payUrl, expiresAt: f.waitingPayment.expiresAt },
				accessToken,
			},
		},
	}),
	examplesOf(orders.getOrderDetailWeb, { responses: { 200: { ...f.activeBooking, channel: "WEB" } } }),
];
