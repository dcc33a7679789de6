import type { Fleet, ShuttleDetails } from "../schemas";
import { fleet, stableHash } from "./money";

/** Daily departures, Asia/Jakarta (WIB, +07:00); peak hours cost more. */
const departures = [
	{ time: "06:00", factor: 1 },
	{ time: "09:00", factor: 1.1 },
	{ time: "13:00", factor: 1 },
	{ time: "17:00", factor: 1.15 },
] as const;

function slug(text: string): string {
	return text
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, "-")
		.replace(/^-+|-+$/g, "");
}

export function routeId(details: ShuttleDetails): string {
	return `route-${slug(details.origin)}-${slug(details.destination)}`;
}

/**
 * One fleet per departure that leaves at or after `notBefore`. The seat fare (80,000–200,000
 * IDR) and free seats (4–14) derive from the route and date, so a search is reproducible.
 */
export function priceShuttle(details: ShuttleDetails, notBefore: Date): Fleet[] {
	const route = routeId(details);
	const baseFare = 80_000 + (stableHash(route) % 25) * 5_000;
	return departures
		.map((departure) => ({ ...departure, departureAt: `${details.date}T${departure.time}:00+07:00` }))
		.filter((departure) => Date.parse(departure.departureAt) >= notBefore.getTime())
		.map((departure) =>
			fleet(
				`shuttle-${departure.time.replace(":", "")}`,
				`${details.origin} → ${details.destination} ${departure.time} WIB`,
				[{ code: "SEAT_FARE", amount: baseFare * departure.factor }],
				{
					routeId: route,
					departureAt: departure.departureAt,
					seatsAvailable: 4 + (stableHash(`${route}|${details.date}|${departure.time}`) % 11),
				},
			),
		);
}
