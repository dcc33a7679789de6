import type { BookingState, OrderItem } from "../domain/booking";
import { type BookingRows, bookingRows, type Row } from "./rows";
import type * as t from "./schema";

/** Rebuilds the snapshot from its rows; `undefined` stands for a NULL column, as in the DO. */
export function assembleBooking(rows: BookingRows): BookingState {
	const { booking: b, payment: p } = rows;
	const byItem = <R extends { orderItemId: string }>(list: R[]) =>
		new Map(list.map((row) => [row.orderItemId, row]));
	const rides = byItem(rows.rides);
	const rents = byItem(rows.rents);
	const deliveries = byItem(rows.deliveries);
	const shuttles = byItem(rows.shuttles);
	const passengers = byItem(rows.passengers);
	const vehicles = byItem(rows.vehicles);
	const fares = [...rows.fareComponents].sort((x, y) => x.position - y.position);

	const items = [...rows.items]
		.sort((x, y) => x.position - y.position)
		.map((row): OrderItem => {
			const passenger = passengers.get(row.id);
			const vehicle = vehicles.get(row.id);
			const details =
				detailsOf(
					row.businessType,
					rides.get(row.id),
					rents.get(row.id),
					deliveries.get(row.id),
					shuttles.get(row.id),
				) ?? {};
			return {
				id: row.id,
				cartItemId: row.cartItemId,
				businessType: row.businessType,
				fleetId: row.fleetId,
				name: row.name,
				status: row.status,
				quantity: row.quantity,
				unitPrice: row.unitPrice,
				amount: row.amount,
				details,
				fareComponents: fares
					.filter((fare) => fare.orderItemId === row.id)
					.map(({ code, amount }) => ({ code, amount })),
				...(passenger ? { passenger: { name: passenger.name, phone: passenger.phone } } : {}),
				...some("partnerRef", row.partnerRef),
				...(vehicle
					? {
							vehicle: {
								plate: vehicle.plate,
								model: vehicle.model,
								...some("color", vehicle.color),
								driverName: vehicle.driverName,
								driverPhone: vehicle.driverPhone,
							},
						}
					: {}),
			};
		});

	return {
		id: b.id,
		cartId: b.cartId,
		ownerId: b.customerId,
		channel: b.channel,
		status: b.status,
		version: b.version,
		createdAt: b.createdAt,
		updatedAt: b.updatedAt,
		customer: { name: b.customerName, email: b.customerEmail, phone: b.customerPhone },
		items,
		...(rows.promo ? { promo: { code: rows.promo.code, discount: rows.promo.discount } } : {}),
		fees: [...rows.serviceFees]
			.sort((x, y) => x.position - y.position)
			.map((fee) => ({
				feeId: fee.feeId,
				code: fee.code,
				name: fee.name,
				...some("businessType", fee.businessType),
				amount: fee.amount,
			})),
		pricing: { subtotal: b.subtotal, discount: b.discount, fees: b.fees, total: b.total },
		payment: {
			method: p.method,
			status: p.status,
			amount: p.amount,
			currency: p.currency,
			...some("paymentId", p.processorPaymentId),
			...some("url", p.url),
			...some("expiresAt", p.expiresAt),
			...some("paidAt", p.paidAt),
			...(p.refundRequestedAt !== null && p.refundAmount !== null
				? {
						refund: {
							...some("refundId", p.refundId),
							amount: p.refundAmount,
							requestedAt: p.refundRequestedAt,
							...some("succeededAt", p.refundSucceededAt),
						},
					}
				: {}),
			...some("failureReason", p.failureReason),
		},
		...some("cancelReason", b.cancelReason),
	};
}

function detailsOf(
	type: Row<typeof t.orderItems>["businessType"],
	ride: Row<typeof t.orderRideDetails> | undefined,
	rent: Row<typeof t.orderRentDetails> | undefined,
	delivery: Row<typeof t.orderDeliveryDetails> | undefined,
	shuttle: Row<typeof t.orderShuttleDetails> | undefined,
): Record<string, unknown> | undefined {
	switch (type) {
		case "TAXI":
			return (
				ride && {
					pickup: { lat: ride.pickupLat, lng: ride.pickupLng, address: ride.pickupAddress },
					dropoff: { lat: ride.dropoffLat, lng: ride.dropoffLng, address: ride.dropoffAddress },
					pickupAt: ride.pickupAt,
					...(ride.passengerName !== null && ride.passengerPhone !== null
						? { passenger: { name: ride.passengerName, phone: ride.passengerPhone } }
						: {}),
					...some("notes", ride.notes),
				}
			);
		case "RENT":
			return (
				rent && {
					city: rent.city,
					startAt: rent.startAt,
					endAt: rent.endAt,
					withDriver: rent.withDriver,
					...some("notes", rent.notes),
				}
			);
		case "DELIVERY":
			return (
				delivery && {
					sender: {
						name: delivery.senderName,
						phone: delivery.senderPhone,
						lat: delivery.senderLat,
						lng: delivery.senderLng,
						address: delivery.senderAddress,
					},
					recipient: {
						name: delivery.recipientName,
						phone: delivery.recipientPhone,
						lat: delivery.recipientLat,
						lng: delivery.recipientLng,
						address: delivery.recipientAddress,
					},
					package: { weightKg: delivery.weightKg, ...some("description", delivery.packageDescription) },
					...some("notes", delivery.notes),
				}
			);
		case "SHUTTLE":
			return (
				shuttle && {
					routeId: shuttle.routeId,
					departureAt: shuttle.departureAt,
					...some("notes", shuttle.notes),
				}
			);
	}
}

/** `{ key: value }` when the column is set, `{}` when it is NULL, so optional fields stay absent. */
function some<K extends string, V>(key: K, value: V | null): { [P in K]?: V } {
	return (value === null ? {} : { [key]: value }) as { [P in K]?: V };
}

/**
 * What the history keeps of a snapshot: item details reduced to the fields each business type
 * stores (the API's item schemas allow no others). `getBooking` of a projected snapshot
 * deep-equals `historyShape` of it; for a snapshot built from validated input it is the identity.
 */
export function historyShape(booking: BookingState): BookingState {
	return assembleBooking(bookingRows(booking));
}
