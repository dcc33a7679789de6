import type { BookingState, OrderItem } from "../../src/domain/booking";

/** Hand-built booking snapshots, as BookingDO holds them, for the history projection suites. */

const T0 = "2026-12-01T01:00:00.000Z";

export function taxiItem(id: string, overrides: Partial<OrderItem> = {}): OrderItem {
	return {
		id,
		cartItemId: "ci_taxi",
		businessType: "TAXI",
		fleetId: "fleet_taxi_standard",
		name: "Taxi Standard",
		status: "PENDING",
		quantity: 1,
		unitPrice: 85_000,
		amount: 85_000,
		details: {
			pickup: { lat: -6.1754, lng: 106.8272, address: "Monas, Jakarta" },
			dropoff: { lat: -6.2088, lng: 106.8456, address: "Jl. Sudirman 1, Jakarta" },
			pickupAt: "2026-12-01T08:00:00+07:00",
			passenger: { name: "Siti Rahayu", phone: "+6281111111111" },
			notes: "Please call on arrival",
		},
		fareComponents: [
			{ code: "BASE_FARE", amount: 70_000 },
			{ code: "TOLL", amount: 15_000 },
		],
		passenger: { name: "Siti Rahayu", phone: "+6281111111111" },
		...overrides,
	};
}

export function rentItem(id: string): OrderItem {
	return {
		id,
		cartItemId: "ci_rent",
		businessType: "RENT",
		fleetId: "fleet_rent_avanza",
		name: "Toyota Avanza",
		status: "PENDING",
		quantity: 1,
		unitPrice: 450_000,
		amount: 450_000,
		details: {
			city: "Denpasar",
			startAt: "2026-12-02T08:00:00+08:00",
			endAt: "2026-12-04T08:00:00+08:00",
			withDriver: true,
		},
		fareComponents: [{ code: "DAILY_RATE", amount: 450_000 }],
	};
}

export function deliveryItem(id: string): OrderItem {
	return {
		id,
		cartItemId: "ci_delivery",
		businessType: "DELIVERY",
		fleetId: "fleet_delivery_bike",
		name: "Bike Courier",
		status: "PENDING",
		quantity: 1,
		unitPrice: 25_000,
		amount: 25_000,
		details: {
			sender: {
				name: "Budi Santoso",
				phone: "+6281234567890",
				lat: -6.2,
				lng: 106.81,
				address: "Kemang, Jakarta",
			},
			recipient: { name: "Andi Wijaya", phone: "+6289876543210", lat: -6.3, lng: 106.9, address: "Cibubur" },
			package: { weightKg: 2.5, description: "Documents" },
			notes: "Fragile",
		},
		fareComponents: [],
	};
}

export function shuttleItem(id: string): OrderItem {
	return {
		id,
		cartItemId: "ci_shuttle",
		businessType: "SHUTTLE",
		fleetId: "fleet_shuttle_jkt_bdg",
		name: "Shuttle Jakarta → Bandung",
		status: "PENDING",
		quantity: 3,
		unitPrice: 120_000,
		amount: 360_000,
		details: { routeId: "JKT-BDG", departureAt: "2026-12-01T09:00:00+07:00" },
		fareComponents: [{ code: "SEAT", amount: 120_000 }],
	};
}

/** A card booking with one item of every business type, a promo and fees, awaiting payment. */
export function bookingFixture(id: string, overrides: Partial<BookingState> = {}): BookingState {
	const items = [
		taxiItem(`${id}_i1`),
		rentItem(`${id}_i2`),
		deliveryItem(`${id}_i3`),
		shuttleItem(`${id}_i4`),
	];
	const subtotal = items.reduce((sum, item) => sum + item.amount, 0);
	return {
		id,
		cartId: `cart_${id}`,
		ownerId: "cus_budi",
		channel: "APP",
		status: "CREATED",
		version: 1,
		createdAt: T0,
		updatedAt: T0,
		customer: { name: "Budi Santoso", email: "budi@example.com", phone: "+6281234567890" },
		items,
		promo: { code: "HEMAT10", discount: 50_000 },
		fees: [
			{
				feeId: "fee_platform",
				code: "PLATFORM_FEE",
				name: "Platform fee",
				businessType: "TAXI",
				amount: 2_000,
			},
			{
				feeId: "fee_platform",
				code: "PLATFORM_FEE",
				name: "Platform fee",
				businessType: "RENT",
				amount: 10_000,
			},
			{ feeId: "fee_card_surcharge", code: "CARD_SURCHARGE", name: "Credit card surcharge", amount: 13_050 },
		],
		pricing: { subtotal, discount: 50_000, fees: 25_050, total: subtotal - 50_000 + 25_050 },
		payment: {
			method: "CREDIT_CARD",
			status: "WAITING_FOR_PAYMENT",
			amount: subtotal - 50_000 + 25_050,
			currency: "IDR",
			paymentId: `pay_${id}`,
			url: `http://127.0.0.1:8001/pay/pay_${id}`,
			expiresAt: "2026-12-01T01:30:00.000Z",
		},
		...overrides,
	};
}

/** The same booking a step later: paid, the taxi booked with a driver, the promo kept. */
export function paidAndBooked(booking: BookingState): BookingState {
	const later = "2026-12-01T01:05:00.000Z";
	const [taxi, ...rest] = booking.items;
	if (!taxi) throw new Error("fixture has no taxi item");
	return {
		...booking,
		status: "ACTIVE",
		version: booking.version + 1,
		updatedAt: later,
		items: [
			{
				...taxi,
				status: "BOOKED",
				partnerRef: "TX-778899",
				vehicle: {
					plate: "B 1234 XYZ",
					model: "Toyota Avanza",
					color: "Silver",
					driverName: "Joko",
					driverPhone: "+6281300000000",
				},
			},
			...rest.map((item) => ({ ...item, status: "BOOKING" as const })),
		],
		payment: { ...booking.payment, status: "PAID", paidAt: later },
	};
}
