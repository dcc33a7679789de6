import { PAYMENT_METHODS } from "../../domain/payment-methods";

/**
 * One story told across every example: Budi books a taxi ride from Monas to Senayan (85,000 IDR),
 * applies HEMAT10 (8,500 off), pays 78,500 with GOPAY (2,000 platform fee). The other business
 * types appear where a request takes any of them.
 */
export const ids = {
	cart: "cart_4hT9q2ZxYvB7mN3kP8sR1w",
	cartItem: "item_7Yh3Kd9QbX2mR5tN8vC1pZ",
	booking: "bkg_4hT9q2ZxYvB7mN3kP8sR1w",
	orderItem: "oi_7Yh3Kd9QbX2mR5tN8vC1pZ",
	session: "ses_9a8b7c",
	payment: "pay_4f1c2b",
	partnerRef: "taxi_a8e98229b318",
} as const;

export const at = {
	created: "2026-12-01T01:00:00.000Z",
	updated: "2026-12-01T01:02:00.000Z",
	expires: "2026-12-01T01:17:00.000Z",
	paid: "2026-12-01T01:03:10.000Z",
} as const;

export const place = {
	monas: { lat: -6.1754, lng: 106.8272, address: "Monas, Jakarta" },
	senayan: { lat: -6.2255, lng: 106.8023, address: "Senayan, Jakarta" },
} as const;

export const budi = { name: "Budi Santoso", phone: "+6281234567890" };
export const contact = { ...budi, email: "budi@example.com" };

export const taxiSearch = {
	pickup: place.monas,
	dropoff: place.senayan,
	pickupAt: "2026-12-01T08:00:00+07:00",
};
export const taxiDetails = { ...taxiSearch, passenger: budi, notes: "Please call on arrival" };
export const rentSearch = {
	city: "Jakarta",
	startAt: "2026-12-02T08:00:00+07:00",
	endAt: "2026-12-04T08:00:00+07:00",
	withDriver: true,
};
export const deliverySearch = {
	sender: { ...place.monas, name: "Budi Santoso", phone: "+6281234567890" },
	recipient: { ...place.senayan, name: "Siti Rahayu", phone: "+6281298765432" },
	package: { weightKg: 2.5, description: "Documents" },
};
export const shuttleSearch = { origin: "Jakarta", destination: "Bandung", date: "2026-12-05" };
export const shuttleDetails = { routeId: "JKT-BDG", departureAt: "2026-12-05T09:00:00+07:00" };

export const fareComponents = [
	{ code: "BASE_FARE", amount: 75_000 },
	{ code: "DISTANCE", amount: 10_000 },
];
export const platformFee = {
	feeId: "fee_platform",
	code: "PLATFORM_FEE",
	name: "Platform fee",
	businessType: "TAXI" as const,
	amount: 2_000,
};
const taxiLine = {
	businessType: "TAXI" as const,
	fleetId: "taxi-regular",
	name: "Taxi Regular",
	quantity: 1,
	unitPrice: 85_000,
	amount: 85_000,
	details: taxiDetails,
	fareComponents,
};

/** What the cart charges with each method: a card adds a 1,150 IDR surcharge. */
const byPaymentMethod = Object.fromEntries(
	PAYMENT_METHODS.map((method) =>
		method === "CREDIT_CARD"
			? [method, { fees: 3_150, total: 79_650 }]
			: [method, { fees: 2_000, total: 78_500 }],
	),
) as Record<(typeof PAYMENT_METHODS)[number], { fees: number; total: number }>;

export const cart = {
	id: ids.cart,
	status: "OPEN" as const,
	version: 3,
	expiresAt: at.expires,
	createdAt: at.created,
	updatedAt: at.updated,
	items: [{ id: ids.cartItem, ...taxiLine, quoteExpiresAt: at.expires }],
	promo: { code: "HEMAT10", discount: 8_500 },
	fees: [platformFee],
	pricing: { subtotal: 85_000, discount: 8_500, fees: 2_000, total: 78_500, byPaymentMethod },
	currency: "IDR" as const,
};

export const emptyCart = {
	...cart,
	version: 1,
	updatedAt: at.created,
	items: [],
	promo: undefined,
	fees: [],
	pricing: {
		subtotal: 0,
		discount: 0,
		fees: 0,
		total: 0,
		byPaymentMethod: Object.fromEntries(
			PAYMENT_METHODS.map((m) => [m, { fees: 0, total: 0 }]),
		) as typeof byPaymentMethod,
	},
};

export const payUrl = `https://payment-processor.example.com/pay/${ids.payment}`;

export const waitingPayment = {
	method: "GOPAY" as const,
	status: "WAITING_FOR_PAYMENT" as const,
	amount: 78_500,
	url: payUrl,
	expiresAt: "2026-12-01T01:32:00.000Z",
	refunds: [],
	refunded: 0,
};

export const paidPayment = {
	method: "GOPAY" as const,
	status: "PAID" as const,
	amount: 78_500,
	paidAt: at.paid,
	refunds: [],
	refunded: 0,
};

export const vehicle = {
	plate: "B 1234 XYZ",
	model: "Toyota Avanza",
	color: "Silver",
	driverName: "Agus Wijaya",
	driverPhone: "+6281311112222",
};

const orderItem = { id: ids.orderItem, ...taxiLine, status: "PENDING" as const, passenger: budi };

/** A booking just created: waiting for its payment. */
export const newBooking = {
	id: ids.booking,
	cartId: ids.cart,
	status: "CREATED" as const,
	channel: "APP" as const,
	customer: contact,
	items: [orderItem],
	pricing: { subtotal: 85_000, discount: 8_500, fees: 2_000, total: 78_500 },
	fees: [platformFee],
	promo: { code: "HEMAT10", discount: 8_500 },
	payment: waitingPayment,
	createdAt: at.updated,
	updatedAt: at.updated,
	version: 1,
};

/** The same booking paid, its ride booked with the partner and a driver assigned. */
export const activeBooking = {
	...newBooking,
	status: "ACTIVE" as const,
	items: [
		{
			...orderItem,
			status: "IN_PROGRESS" as const,
			partnerRef: ids.partnerRef,
			partnerStatus: "DRIVER_ASSIGNED",
			vehicle,
		},
	],
	payment: paidPayment,
	updatedAt: "2026-12-01T01:05:00.000Z",
	version: 5,
};

export const canceledBooking = {
	...newBooking,
	status: "CANCELED" as const,
	payment: { ...waitingPayment, status: "CANCELED" as const, url: undefined },
	cancelReason: "CANCELED_BY_CUSTOMER",
	updatedAt: "2026-12-01T01:04:00.000Z",
	version: 2,
};

export const itemDetail = {
	itemId: ids.orderItem,
	bookingId: ids.booking,
	bookingStatus: "ACTIVE",
	businessType: "TAXI" as const,
	fleetId: "taxi-regular",
	name: "Taxi Regular",
	status: "IN_PROGRESS",
	partnerRef: ids.partnerRef,
	partnerStatus: "DRIVER_ASSIGNED",
	quantity: 1,
	amount: 85_000,
	details: taxiDetails,
	passenger: budi,
	vehicle,
	fareComponents,
	timeline: [
		{ status: "BOOKED", at: "2026-12-01T01:03:12.000Z", source: "partner" },
		{ status: "DRIVER_ASSIGNED", at: "2026-12-01T01:05:00.000Z", source: "partner:TAXI" },
	],
};

export const webhookAck = {
	received: true as const,
	duplicate: false,
	changed: true,
	bookingStatus: "ACTIVE",
	paymentStatus: "PAID",
};
