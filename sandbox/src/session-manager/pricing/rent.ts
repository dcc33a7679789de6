import type { Fleet, RentDetails } from "../schemas";
import { fleet } from "./money";

const DAY_MS = 86_400_000;
const DRIVER_FEE_PER_DAY = 250_000;

const cars = [
	{ fleetId: "rent-economy", name: "Toyota Avanza or similar", seats: 7, daily: 350_000 },
	{ fleetId: "rent-suv", name: "Toyota Innova Zenix or similar", seats: 7, daily: 650_000 },
	{ fleetId: "rent-premium", name: "Toyota Alphard or similar", seats: 7, daily: 1_800_000 },
] as const;

/** Whole days, rounded up, at least one. */
export function rentalDays(details: RentDetails): number {
	const span = Date.parse(details.endAt) - Date.parse(details.startAt);
	return Math.max(1, Math.ceil(span / DAY_MS));
}

export function priceRent(details: RentDetails): Fleet[] {
	const days = rentalDays(details);
	return cars.map((car) =>
		fleet(
			car.fleetId,
			car.name,
			[
				{ code: "DAILY_RATE", amount: car.daily * days },
				{ code: "DRIVER_FEE", amount: details.withDriver ? DRIVER_FEE_PER_DAY * days : 0 },
			],
			{ days, seats: car.seats, withDriver: details.withDriver },
		),
	);
}
