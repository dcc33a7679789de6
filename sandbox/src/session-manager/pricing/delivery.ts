import type { DeliveryDetails, Fleet } from "../schemas";
import { fleet, haversineKm } from "./money";

const vehicles = [
	// A motorcycle courier carries at most 20 kg; heavier parcels only get the van.
	{
		fleetId: "delivery-bike",
		name: "Motorcycle courier",
		maxKg: 20,
		base: 9_000,
		perKm: 2_500,
		freeKg: 5,
		perKg: 1_500,
	},
	{ fleetId: "delivery-van", name: "Van", maxKg: 1000, base: 45_000, perKm: 5_000, freeKg: 100, perKg: 300 },
] as const;

/** Base fare, per-km on the straight-line distance, and a per-kg surcharge above a free weight. */
export function priceDelivery(details: DeliveryDetails): Fleet[] {
	const distanceKm = haversineKm(details.sender, details.recipient);
	const weightKg = details.package.weightKg;
	return vehicles
		.filter((vehicle) => weightKg <= vehicle.maxKg)
		.map((vehicle) =>
			fleet(
				vehicle.fleetId,
				vehicle.name,
				[
					{ code: "BASE_FARE", amount: vehicle.base },
					{ code: "DISTANCE_FARE", amount: distanceKm * vehicle.perKm },
					{
						code: "WEIGHT_SURCHARGE",
						amount: Math.ceil(Math.max(0, weightKg - vehicle.freeKg)) * vehicle.perKg,
					},
				],
				{ distanceKm, maxWeightKg: vehicle.maxKg },
			),
		);
}
