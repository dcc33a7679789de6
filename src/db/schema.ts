import { sql } from "drizzle-orm";
import {
	check,
	index,
	integer,
	primaryKey,
	real,
	sqliteTable,
	text,
	uniqueIndex,
} from "drizzle-orm/sqlite-core";
import type { BookingStatus, OrderItemStatus, PaymentStatus } from "../domain/booking";
import type { BusinessType } from "../domain/business";
import type { PaymentMethod } from "../domain/payment-methods";
import type { SagaStatus } from "../saga/types";

/**
 * Order history: a projection of BookingDO snapshots (the DOs stay the source of truth).
 * Money is integer IDR, timestamps are ISO-8601 text as the DOs write them (UTC `...Z`, so
 * they sort as text), ids are the DOs' text ids.
 */

export const bookings = sqliteTable(
	"bookings",
	{
		id: text("id").primaryKey(),
		cartId: text("cart_id").notNull(),
		/** The owner: the customer id (JWT sub) or `guest_…`. */
		customerId: text("customer_id").notNull(),
		channel: text("channel").$type<"APP" | "WEB">().notNull(),
		status: text("status").$type<BookingStatus>().notNull(),
		version: integer("version").notNull(),
		customerName: text("customer_name").notNull(),
		customerEmail: text("customer_email").notNull(),
		customerPhone: text("customer_phone").notNull(),
		subtotal: integer("subtotal").notNull(),
		discount: integer("discount").notNull(),
		fees: integer("fees").notNull(),
		total: integer("total").notNull(),
		currency: text("currency").$type<"IDR">().notNull(),
		cancelReason: text("cancel_reason"),
		/** The saga as the booking last heard of it (null before payment): for operators' search. */
		sagaStatus: text("saga_status").$type<SagaStatus>(),
		/** The saga was flagged NEEDS_ATTENTION and no operator has resumed it yet. */
		attention: integer("attention", { mode: "boolean" }).notNull().default(false),
		/** When the saga finished (every item booked, or the booking failed), and how long it took from payment. */
		sagaFinishedAt: text("saga_finished_at"),
		sagaMs: integer("saga_ms"),
		createdAt: text("created_at").notNull(),
		updatedAt: text("updated_at").notNull(),
	},
	(t) => [
		// Newest-first listing (customers' and operators'), walked by keyset cursors.
		index("bookings_customer_created_idx").on(t.customerId, sql`${t.createdAt} desc`, sql`${t.id} desc`),
		index("bookings_status_created_idx").on(t.status, t.createdAt),
		index("bookings_created_idx").on(sql`${t.createdAt} desc`, sql`${t.id} desc`),
		index("bookings_saga_finished_idx")
			.on(t.sagaFinishedAt)
			.where(sql`${sql.identifier("saga_finished_at")} is not null`),
		index("bookings_attention_created_idx")
			.on(t.createdAt, t.id)
			.where(sql`${sql.identifier("attention")} = 1`),
	],
);

export const payments = sqliteTable(
	"payments",
	{
		bookingId: text("booking_id")
			.primaryKey()
			.references(() => bookings.id, { onDelete: "cascade" }),
		method: text("method").$type<PaymentMethod>().notNull(),
		status: text("status").$type<PaymentStatus>().notNull(),
		amount: integer("amount").notNull(),
		currency: text("currency").$type<"IDR">().notNull(),
		processorPaymentId: text("processor_payment_id"),
		url: text("url"),
		expiresAt: text("expires_at"),
		paidAt: text("paid_at"),
		refundId: text("refund_id"),
		refundAmount: integer("refund_amount"),
		refundRequestedAt: text("refund_requested_at"),
		refundSucceededAt: text("refund_succeeded_at"),
		failureReason: text("failure_reason"),
		updatedAt: text("updated_at").notNull(),
	},
	(t) => [
		index("payments_method_idx").on(t.method, t.bookingId),
		// Webhooks and reconciliation look a payment up by the processor's id.
		uniqueIndex("payments_processor_payment_id_idx")
			.on(t.processorPaymentId)
			.where(sql`${sql.identifier("processor_payment_id")} is not null`),
	],
);

export const promos = sqliteTable("promos", {
	bookingId: text("booking_id")
		.primaryKey()
		.references(() => bookings.id, { onDelete: "cascade" }),
	code: text("code").notNull(),
	discount: integer("discount").notNull(),
});

export const orderItems = sqliteTable(
	"order_items",
	{
		id: text("id").primaryKey(),
		bookingId: text("booking_id")
			.notNull()
			.references(() => bookings.id, { onDelete: "cascade" }),
		cartItemId: text("cart_item_id").notNull(),
		businessType: text("business_type").$type<BusinessType>().notNull(),
		fleetId: text("fleet_id").notNull(),
		name: text("name").notNull(),
		status: text("status").$type<OrderItemStatus>().notNull(),
		quantity: integer("quantity").notNull(),
		unitPrice: integer("unit_price").notNull(),
		amount: integer("amount").notNull(),
		partnerRef: text("partner_ref"),
		/** The item's index in the booking, so the snapshot reads back in its own order. */
		position: integer("position").notNull(),
		updatedAt: text("updated_at").notNull(),
	},
	(t) => [
		index("order_items_booking_idx").on(t.bookingId, t.position),
		// Operators find a booking by its partner's reference, or by what it holds.
		index("order_items_partner_ref_idx")
			.on(t.partnerRef)
			.where(sql`${sql.identifier("partner_ref")} is not null`),
		index("order_items_business_type_idx").on(t.businessType, t.bookingId),
	],
);

const itemRef = () =>
	text("order_item_id")
		.primaryKey()
		.references(() => orderItems.id, { onDelete: "cascade" });

export const orderRideDetails = sqliteTable("order_ride_details", {
	orderItemId: itemRef(),
	pickupLat: real("pickup_lat").notNull(),
	pickupLng: real("pickup_lng").notNull(),
	pickupAddress: text("pickup_address").notNull(),
	dropoffLat: real("dropoff_lat").notNull(),
	dropoffLng: real("dropoff_lng").notNull(),
	dropoffAddress: text("dropoff_address").notNull(),
	pickupAt: text("pickup_at").notNull(),
	/**
	 * The passenger as entered with the cart item. The passenger the partner is told about is
	 * order_passenger_info (checkout may name someone else), so both are kept.
	 */
	passengerName: text("passenger_name"),
	passengerPhone: text("passenger_phone"),
	notes: text("notes"),
});

export const orderRentDetails = sqliteTable("order_rent_details", {
	orderItemId: itemRef(),
	city: text("city").notNull(),
	startAt: text("start_at").notNull(),
	endAt: text("end_at").notNull(),
	withDriver: integer("with_driver", { mode: "boolean" }).notNull(),
	notes: text("notes"),
});

export const orderDeliveryDetails = sqliteTable("order_delivery_details", {
	orderItemId: itemRef(),
	senderName: text("sender_name").notNull(),
	senderPhone: text("sender_phone").notNull(),
	senderLat: real("sender_lat").notNull(),
	senderLng: real("sender_lng").notNull(),
	senderAddress: text("sender_address").notNull(),
	recipientName: text("recipient_name").notNull(),
	recipientPhone: text("recipient_phone").notNull(),
	recipientLat: real("recipient_lat").notNull(),
	recipientLng: real("recipient_lng").notNull(),
	recipientAddress: text("recipient_address").notNull(),
	weightKg: real("weight_kg").notNull(),
	packageDescription: text("package_description"),
	notes: text("notes"),
});

export const orderShuttleDetails = sqliteTable("order_shuttle_details", {
	orderItemId: itemRef(),
	routeId: text("route_id").notNull(),
	departureAt: text("departure_at").notNull(),
	/** One shuttle item books all its seats in one partner booking: seats = the item's quantity. */
	seats: integer("seats").notNull(),
	notes: text("notes"),
});

export const orderPassengerInfo = sqliteTable("order_passenger_info", {
	orderItemId: itemRef(),
	name: text("name").notNull(),
	phone: text("phone").notNull(),
});

export const orderVehicleInfo = sqliteTable("order_vehicle_info", {
	orderItemId: itemRef(),
	plate: text("plate").notNull(),
	model: text("model").notNull(),
	color: text("color"),
	driverName: text("driver_name").notNull(),
	driverPhone: text("driver_phone").notNull(),
});

export const fareComponents = sqliteTable(
	"fare_components",
	{
		orderItemId: text("order_item_id")
			.notNull()
			.references(() => orderItems.id, { onDelete: "cascade" }),
		code: text("code").notNull(),
		amount: integer("amount").notNull(),
		position: integer("position").notNull(),
	},
	(t) => [primaryKey({ columns: [t.orderItemId, t.position] })],
);

export const orderServiceFees = sqliteTable(
	"order_service_fees",
	{
		bookingId: text("booking_id")
			.notNull()
			.references(() => bookings.id, { onDelete: "cascade" }),
		// No foreign key to services_fees: the history keeps what was charged even if a fee is retired.
		feeId: text("fee_id").notNull(),
		code: text("code").notNull(),
		name: text("name").notNull(),
		businessType: text("business_type").$type<BusinessType>(),
		amount: integer("amount").notNull(),
		/** One fee can apply once per business type, so rows are keyed by their place in the booking. */
		position: integer("position").notNull(),
	},
	(t) => [primaryKey({ columns: [t.bookingId, t.position] })],
);

export const servicesFees = sqliteTable("services_fees", {
	id: text("id").primaryKey(),
	code: text("code").notNull().unique(),
	name: text("name").notNull(),
	active: integer("active", { mode: "boolean" }).notNull().default(true),
});

export const servicesFeeRules = sqliteTable(
	"services_fee_rules",
	{
		id: text("id").primaryKey(),
		feeId: text("fee_id")
			.notNull()
			.references(() => servicesFees.id),
		/** Null applies to every business type. */
		businessType: text("business_type").$type<BusinessType>(),
		/** Null applies to every payment method. */
		paymentMethod: text("payment_method").$type<PaymentMethod>(),
		kind: text("kind").$type<"FIXED_PER_ITEM" | "PERCENT_OF_SUBTOTAL">().notNull(),
		/** IDR for FIXED_PER_ITEM; basis points (150 = 1.5%) for PERCENT_OF_SUBTOTAL. */
		value: integer("value").notNull(),
		active: integer("active", { mode: "boolean" }).notNull().default(true),
	},
	(t) => [
		index("services_fee_rules_fee_idx").on(t.feeId),
		check("services_fee_rules_kind_check", sql`kind in ('FIXED_PER_ITEM', 'PERCENT_OF_SUBTOTAL')`),
		check("services_fee_rules_value_check", sql`value >= 0`),
	],
);

/** The event log: one row per booking event, keyed by the event id so replays are no-ops. */
export const bookingEvents = sqliteTable(
	"booking_events",
	{
		id: text("id").primaryKey(),
		// No foreign key: an event may be drained before the snapshot that goes with it.
		bookingId: text("booking_id").notNull(),
		type: text("type").notNull(),
		version: integer("version").notNull(),
		payload: text("payload", { mode: "json" }).$type<unknown>().notNull(),
		createdAt: text("created_at").notNull(),
	},
	(t) => [index("booking_events_booking_version_idx").on(t.bookingId, t.version)],
);

/**
 * Failures of booking events in the queue consumer, one row per event (the latest attempt and
 * error, and when it first failed), so the dead-letter consumer can say why an event died.
 */
export const eventFailures = sqliteTable("event_failures", {
	id: text("id").primaryKey(),
	attempts: integer("attempts").notNull(),
	firstFailedAt: text("first_failed_at").notNull(),
	lastError: text("last_error").notNull(),
});

/** Events that failed every retry, kept by the dead-letter queue's consumer: never lost. */
export const deadEvents = sqliteTable(
	"dead_events",
	{
		id: text("id").primaryKey(),
		queue: text("queue").notNull(),
		body: text("body", { mode: "json" }).$type<unknown>().notNull(),
		attempts: integer("attempts").notNull(),
		firstFailedAt: text("first_failed_at"),
		lastError: text("last_error"),
		deadAt: text("dead_at").notNull(),
		/** The booking the event is about, when its body names one. */
		bookingId: text("booking_id"),
		/** Set once an operator replayed it (once): who, why, when. */
		replayedAt: text("replayed_at"),
		replayedBy: text("replayed_by"),
		replayReason: text("replay_reason"),
	},
	(t) => [index("dead_events_dead_at_idx").on(t.deadAt), index("dead_events_booking_idx").on(t.bookingId)],
);

/**
 * What the booking's own state does not keep, for its timeline: webhooks as they were answered
 * (applied, duplicate, rejected and why), notifications sent, operator actions. Append-only; an
 * entry's id is derived from what it records, so a retried write lands once.
 */
export const timelineEntries = sqliteTable(
	"timeline_entries",
	{
		id: text("id").primaryKey(),
		bookingId: text("booking_id").notNull(),
		at: text("at").notNull(),
		kind: text("kind").notNull(),
		summary: text("summary").notNull(),
		actor: text("actor").notNull(),
		data: text("data", { mode: "json" }).$type<unknown>(),
	},
	(t) => [index("timeline_entries_booking_at_idx").on(t.bookingId, t.at)],
);
