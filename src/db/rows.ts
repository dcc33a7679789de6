import { type BookingState, type OrderItem, sagaStatusOf } from "../domain/booking";
import type * as t from "./schema";

/**
 * Snapshot → history rows, with no I/O (assemble.ts goes back). Keeping both ways pure lets
 * `historyShape` say exactly what the history preserves of a snapshot.
 */

export type Row<T extends { $inferSelect: unknown }> = T["$inferSelect"];

export interface BookingRows {
	booking: Row<typeof t.bookings>;
	payment: Row<typeof t.payments>;
	promo: Row<typeof t.promos> | undefined;
	items: Row<typeof t.orderItems>[];
	rides: Row<typeof t.orderRideDetails>[];
	rents: Row<typeof t.orderRentDetails>[];
	deliveries: Row<typeof t.orderDeliveryDetails>[];
	shuttles: Row<typeof t.orderShuttleDetails>[];
	passengers: Row<typeof t.orderPassengerInfo>[];
	vehicles: Row<typeof t.orderVehicleInfo>[];
	fareComponents: Row<typeof t.fareComponents>[];
	serviceFees: Row<typeof t.orderServiceFees>[];
}

/** A snapshot whose item details lack a field the history needs: a bug upstream, not bad input. */
export class HistoryProjectionError extends Error {
	override name = "HistoryProjectionError";
}

/** When the saga finished and how long it ran from the payment, once it has finished. */
function sagaTiming(booking: BookingState): { sagaFinishedAt: string | null; sagaMs: number | null } {
	const paidAt = booking.payment.paidAt;
	const finishedAt =
		booking.confirmedAt ?? (booking.status === "FAILED" && paidAt ? booking.updatedAt : undefined);
	if (!paidAt || !finishedAt) return { sagaFinishedAt: null, sagaMs: null };
	return { sagaFinishedAt: finishedAt, sagaMs: Math.max(0, Date.parse(finishedAt) - Date.parse(paidAt)) };
}

export function bookingRows(booking: BookingState): BookingRows {
	const { payment, pricing } = booking;
	const rows: BookingRows = {
		booking: {
			id: booking.id,
			cartId: booking.cartId,
			customerId: booking.ownerId,
			channel: booking.channel,
			status: booking.status,
			version: booking.version,
			customerName: booking.customer.name,
			customerEmail: booking.customer.email,
			customerPhone: booking.customer.phone,
			subtotal: pricing.subtotal,
			discount: pricing.discount,
			fees: pricing.fees,
			total: pricing.total,
			currency: payment.currency,
			cancelReason: booking.cancelReason ?? null,
			sagaStatus: sagaStatusOf(booking),
			attention: booking.sagaNeedsAttention === true,
			...sagaTiming(booking),
			createdAt: booking.createdAt,
			updatedAt: booking.updatedAt,
		},
		payment: {
			bookingId: booking.id,
			method: payment.method,
			status: payment.status,
			amount: payment.amount,
			currency: payment.currency,
			processorPaymentId: payment.paymentId ?? null,
			url: payment.url ?? null,
			expiresAt: payment.expiresAt ?? null,
			paidAt: payment.paidAt ?? null,
			refundId: payment.refund?.refundId ?? null,
			refundAmount: payment.refund?.amount ?? null,
			refundRequestedAt: payment.refund?.requestedAt ?? null,
			refundSucceededAt: payment.refund?.succeededAt ?? null,
			failureReason: payment.failureReason ?? null,
			updatedAt: booking.updatedAt,
		},
		promo: booking.promo && { bookingId: booking.id, ...booking.promo },
		items: [],
		rides: [],
		rents: [],
		deliveries: [],
		shuttles: [],
		passengers: [],
		vehicles: [],
		fareComponents: [],
		serviceFees: booking.fees.map((fee, position) => ({
			bookingId: booking.id,
			feeId: fee.feeId,
			code: fee.code,
			name: fee.name,
			businessType: fee.businessType ?? null,
			amount: fee.amount,
			position,
		})),
	};
	booking.items.forEach((item, position) => {
		addItemRows(rows, booking, item, position);
	});
	return rows;
}

function addItemRows(rows: BookingRows, booking: BookingState, item: OrderItem, position: number): void {
	const orderItemId = item.id;
	const d = new Details(booking.id, item);
	rows.items.push({
		id: item.id,
		bookingId: booking.id,
		cartItemId: item.cartItemId,
		businessType: item.businessType,
		fleetId: item.fleetId,
		name: item.name,
		status: item.status,
		quantity: item.quantity,
		unitPrice: item.unitPrice,
		amount: item.amount,
		partnerRef: item.partnerRef ?? null,
		position,
		updatedAt: booking.updatedAt,
	});
	switch (item.businessType) {
		case "TAXI":
			rows.rides.push({
				orderItemId,
				pickupLat: d.number("pickup.lat"),
				pickupLng: d.number("pickup.lng"),
				pickupAddress: d.text("pickup.address"),
				dropoffLat: d.number("dropoff.lat"),
				dropoffLng: d.number("dropoff.lng"),
				dropoffAddress: d.text("dropoff.address"),
				pickupAt: d.text("pickupAt"),
				passengerName: d.has("passenger") ? d.text("passenger.name") : null,
				passengerPhone: d.has("passenger") ? d.text("passenger.phone") : null,
				notes: d.optionalText("notes"),
			});
			break;
		case "RENT":
			rows.rents.push({
				orderItemId,
				city: d.text("city"),
				startAt: d.text("startAt"),
				endAt: d.text("endAt"),
				withDriver: d.boolean("withDriver"),
				notes: d.optionalText("notes"),
			});
			break;
		case "DELIVERY":
			rows.deliveries.push({
				orderItemId,
				senderName: d.text("sender.name"),
				senderPhone: d.text("sender.phone"),
				senderLat: d.number("sender.lat"),
				senderLng: d.number("sender.lng"),
				senderAddress: d.text("sender.address"),
				recipientName: d.text("recipient.name"),
				recipientPhone: d.text("recipient.phone"),
				recipientLat: d.number("recipient.lat"),
				recipientLng: d.number("recipient.lng"),
				recipientAddress: d.text("recipient.address"),
				weightKg: d.number("package.weightKg"),
				packageDescription: d.optionalText("package.description"),
				notes: d.optionalText("notes"),
			});
			break;
		case "SHUTTLE":
			rows.shuttles.push({
				orderItemId,
				routeId: d.text("routeId"),
				departureAt: d.text("departureAt"),
				seats: item.quantity,
				notes: d.optionalText("notes"),
			});
			break;
	}
	if (item.passenger)
		rows.passengers.push({ orderItemId, name: item.passenger.name, phone: item.passenger.phone });
	if (item.vehicle) {
		const { plate, model, color, driverName, driverPhone } = item.vehicle;
		rows.vehicles.push({ orderItemId, plate, model, color: color ?? null, driverName, driverPhone });
	}
	item.fareComponents.forEach(({ code, amount }, index) => {
		rows.fareComponents.push({ orderItemId, code, amount, position: index });
	});
}

/** Typed reads from an item's untyped `details`, by dotted path, failing loudly on a gap. */
class Details {
	constructor(
		private readonly bookingId: string,
		private readonly item: OrderItem,
	) {}

	private get(path: string): unknown {
		let value: unknown = this.item.details;
		for (const key of path.split(".")) {
			value =
				value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
		}
		return value;
	}

	private fail(path: string, expected: string): never {
		throw new HistoryProjectionError(
			`Booking ${this.bookingId}, item ${this.item.id} (${this.item.businessType}): details.${path} must be ${expected}`,
		);
	}

	has(path: string): boolean {
		return this.get(path) !== undefined;
	}

	text(path: string): string {
		const value = this.get(path);
		return typeof value === "string" ? value : this.fail(path, "a string");
	}

	optionalText(path: string): string | null {
		const value = this.get(path);
		if (value === undefined || value === null) return null;
		return typeof value === "string" ? value : this.fail(path, "a string");
	}

	number(path: string): number {
		const value = this.get(path);
		return typeof value === "number" && Number.isFinite(value) ? value : this.fail(path, "a number");
	}

	boolean(path: string): boolean {
		const value = this.get(path);
		return typeof value === "boolean" ? value : this.fail(path, "a boolean");
	}
}
