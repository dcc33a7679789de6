import type { BusinessType } from "./business";

/**
 * A quote prices exactly what was searched. These are the item fields that must equal the
 * search (or, for shuttles, the chosen departure), so a client cannot reuse a cheap quote for
 * another trip. Returns the item paths that differ.
 */
const SEARCHED_FIELDS: Record<Exclude<BusinessType, "SHUTTLE">, readonly string[]> = {
	TAXI: ["pickup", "dropoff", "pickupAt"],
	RENT: ["city", "startAt", "endAt", "withDriver"],
	DELIVERY: ["sender", "recipient", "package"],
};
const SHUTTLE_FIELDS = ["routeId", "departureAt"] as const;

export function quoteMismatches(
	businessType: BusinessType,
	searched: Record<string, unknown>,
	item: Record<string, unknown>,
	fleetAttributes: Record<string, unknown> = {},
): string[] {
	const [fields, source] =
		businessType === "SHUTTLE"
			? [SHUTTLE_FIELDS, fleetAttributes]
			: [SEARCHED_FIELDS[businessType], searched];
	return fields.filter((field) => !same(source[field], item[field])).map((field) => `details.${field}`);
}

function same(a: unknown, b: unknown): boolean {
	if (typeof a === "string" && typeof b === "string") {
		// Instants may be written with different offsets or precision and still be equal.
		const [ta, tb] = [Date.parse(a), Date.parse(b)];
		if (!Number.isNaN(ta) && !Number.isNaN(tb) && /\d{2}:\d{2}/.test(a) && /\d{2}:\d{2}/.test(b))
			return ta === tb;
		return a.trim() === b.trim();
	}
	if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) < 1e-9;
	if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
		const ra = a as Record<string, unknown>;
		const rb = b as Record<string, unknown>;
		const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
		return [...keys].every((key) => same(ra[key], rb[key]));
	}
	return a === b;
}
