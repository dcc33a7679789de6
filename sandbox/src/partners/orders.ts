import type { Json } from "../lib/json";

/**
 * A partner's orders, free of Workers APIs: their statuses, which moves are legal, what a
 * status callback says, and the made-up vehicle a driver assignment carries.
 */

export const PARTNER_TYPES = ["taxi", "rent", "delivery", "shuttle"] as const;
export type PartnerType = (typeof PARTNER_TYPES)[number];
export type BusinessType = "TAXI" | "RENT" | "DELIVERY" | "SHUTTLE";

export function businessType(type: PartnerType): BusinessType {
	return type.toUpperCase() as BusinessType;
}

export function isPartnerType(value: string): value is PartnerType {
	return (PARTNER_TYPES as readonly string[]).includes(value);
}

export type OrderStatus =
	| "PENDING"
	| "BOOKED"
	| "REJECTED"
	| "CANCELED"
	| "DRIVER_ASSIGNED"
	| "PICKED_UP"
	| "COMPLETED";

/** What the partner pushes to the orchestrator's CallbackOrderItem. */
export type CallbackStatus =
	| "CONFIRMED"
	| "REJECTED"
	| "DRIVER_ASSIGNED"
	| "PICKED_UP"
	| "COMPLETED"
	| "CANCELED_BY_PARTNER";

export const ADVANCES = ["DRIVER_ASSIGNED", "PICKED_UP", "COMPLETED", "CANCELED_BY_PARTNER"] as const;
export type Advance = (typeof ADVANCES)[number];

export type Vehicle = {
	plate: string;
	model: string;
	color: string;
	driverName: string;
	driverPhone: string;
};
export type Passenger = { name: string; phone: string };

export type PartnerOrder = {
	partnerRef: string;
	businessType: BusinessType;
	bookingId: string;
	itemId: string;
	fleetId: string;
	quantity: number;
	status: OrderStatus;
	details: Record<string, Json>;
	passenger?: Passenger;
	vehicle?: Vehicle;
	createdAt: string;
	updatedAt: string;
};

/** One order as `GET /partners/<type>/orders?bookingId=` lists it. */
export type OrderSummary = Pick<
	PartnerOrder,
	"partnerRef" | "bookingId" | "itemId" | "status" | "fleetId" | "quantity" | "createdAt" | "updatedAt"
>;

export function summarise(order: PartnerOrder): OrderSummary {
	const { partnerRef, bookingId, itemId, status, fleetId, quantity, createdAt, updatedAt } = order;
	return { partnerRef, bookingId, itemId, status, fleetId, quantity, createdAt, updatedAt };
}

/**
 * The partner's own moves (`advance`), by the status they leave from:
 *
 *   advance \ from      | BOOKED  DRIVER_ASSIGNED  PICKED_UP
 *   DRIVER_ASSIGNED     |   ok          -              -
 *   PICKED_UP           |   -           ok             -
 *   COMPLETED           |   -           -              ok
 *   CANCELED_BY_PARTNER |   ok          ok             -      (the order becomes CANCELED)
 *
 * Anything else (PENDING, REJECTED, CANCELED, COMPLETED, a repeat) is ILLEGAL_TRANSITION.
 */
const ADVANCE_FROM: Record<Advance, readonly OrderStatus[]> = {
	DRIVER_ASSIGNED: ["BOOKED"],
	PICKED_UP: ["DRIVER_ASSIGNED"],
	COMPLETED: ["PICKED_UP"],
	CANCELED_BY_PARTNER: ["BOOKED", "DRIVER_ASSIGNED"],
};

export function advanceTo(from: OrderStatus, advance: Advance): OrderStatus | null {
	if (!ADVANCE_FROM[advance].includes(from)) return null;
	return advance === "CANCELED_BY_PARTNER" ? "CANCELED" : advance;
}

/**
 * The customer's cancel: PENDING, BOOKED and DRIVER_ASSIGNED orders become CANCELED; CANCELED
 * and REJECTED ones stay as they are (cancel is idempotent, and nothing was booked); a ride that
 * is under way or done cannot be cancelled.
 */
export function cancelFrom(
	from: OrderStatus,
): { ok: true; to: OrderStatus; changed: boolean } | { ok: false; code: "ILLEGAL_TRANSITION" } {
	switch (from) {
		case "PENDING":
		case "BOOKED":
		case "DRIVER_ASSIGNED":
			return { ok: true, to: "CANCELED", changed: true };
		case "CANCELED":
		case "REJECTED":
			return { ok: true, to: from, changed: false };
		case "PICKED_UP":
		case "COMPLETED":
			return { ok: false, code: "ILLEGAL_TRANSITION" };
	}
}

export type StatusCallback = {
	id: string;
	partnerRef: string;
	bookingId: string;
	itemId: string;
	businessType: BusinessType;
	status: CallbackStatus;
	vehicle?: Vehicle;
	occurredAt: string;
};

export function statusCallback(
	id: string,
	order: PartnerOrder,
	status: CallbackStatus,
	occurredAt: string,
): StatusCallback {
	const { partnerRef, bookingId, itemId, businessType } = order;
	const vehicle = status === "DRIVER_ASSIGNED" ? order.vehicle : undefined;
	return {
		id,
		partnerRef,
		bookingId,
		itemId,
		businessType,
		status,
		...(vehicle ? { vehicle } : {}),
		occurredAt,
	};
}

const MODELS: Record<BusinessType, readonly string[]> = {
	TAXI: ["Toyota Avanza", "Toyota Vios", "Daihatsu Xenia", "Honda Mobilio", "Suzuki Ertiga"],
	RENT: ["Toyota Innova Zenix", "Mitsubishi Xpander", "Toyota Fortuner", "Honda CR-V", "Hyundai Stargazer"],
	DELIVERY: ["Daihatsu Gran Max", "Suzuki Carry", "Mitsubishi L300", "Honda Vario", "Yamaha NMAX"],
	SHUTTLE: [
		"Toyota HiAce Commuter",
		"Isuzu Elf",
		"Mercedes-Benz Sprinter",
		"Toyota HiAce Premio",
		"Isuzu Elf NLR",
	],
};
const COLORS = ["White", "Black", "Silver", "Grey", "Blue", "Red"] as const;
const DRIVERS = [
	"Budi Santoso",
	"Agus Setiawan",
	"Siti Rahayu",
	"Dewi Lestari",
	"Rizky Pratama",
	"Made Wirawan",
	"Yohanes Wenda",
	"Andi Saputra",
] as const;
const LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ";

function pick<T>(list: readonly T[], n: number): T {
	return list[n % list.length] as T;
}

/** A plausible vehicle and driver, always the same for one partnerRef (it is derived from it). */
export function fakeVehicle(partnerRef: string, type: BusinessType): Vehicle {
	const hex = partnerRef.slice(partnerRef.indexOf("_") + 1).padEnd(24, "0");
	const n = (from: number, length = 4) => Number.parseInt(hex.slice(from, from + length), 16);
	const suffix = [0, 1, 2].map((i) => pick([...LETTERS], n(12 + 2 * i, 2))).join("");
	const number = 1000 + (n(0) % 9000);
	const phone = String(n(4, 8) % 100_000_000).padStart(8, "0");
	return {
		plate: `B ${number} ${suffix}`,
		model: pick(MODELS[type], n(18, 2)),
		color: pick(COLORS, n(20, 2)),
		driverName: pick(DRIVERS, n(22, 2)),
		driverPhone: `+62812${phone}`,
	};
}
