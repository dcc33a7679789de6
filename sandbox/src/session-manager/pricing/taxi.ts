import type { Fleet, TaxiDetails } from "../schemas";
import { fleet, haversineKm } from "./money";

const classes = [
	{ fleetId: "taxi-regular", name: "Regular", seats: 4, base: 10_000, perKm: 4_500, minimum: 25_000 },
	{ fleetId: "taxi-executive", name: "Executive", seats: 4, base: 15_000, perKm: 6_500, minimum: 40_000 },
	{ fleetId: "taxi-xl", name: "XL (6 seats)", seats: 6, base: 20_000, perKm: 7_500, minimum: 50_000 },
] as const;

/** Flag fall plus a per-km rate on the straight-line distance, topped up to a minimum fare. */
export function priceTaxi(details: TaxiDetails): Fleet[] {
	const distanceKm = haversineKm(details.pickup, details.dropoff);
	return classes.map((cls) => {
		const distanceFare = distanceKm * cls.perKm;
		const topUp = Math.max(0, cls.minimum - cls.base - distanceFare);
		return fleet(
			cls.fleetId,
			cls.name,
			[
				{ code: "BASE_FARE", amount: cls.base },
				{ code: "DISTANCE_FARE", amount: distanceFare },
				{ code: "MINIMUM_FARE_TOP_UP", amount: topUp },
			],
			{ distanceKm, seats: cls.seats },
		);
	});
}
