/** Requests and places shared by the sandbox suites. Times are relative to now, so they stay valid. */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const monas = { lat: -6.1754, lng: 106.8272, address: "Monas, Gambir, Jakarta Pusat" };
export const blokM = {
	lat: -6.2443,
	lng: 106.7985,
	address: "Blok M Plaza, Kebayoran Baru, Jakarta Selatan",
};

export function isoIn(ms: number): string {
	return new Date(Date.now() + ms).toISOString();
}

/** A calendar date in Asia/Jakarta (UTC+7, no DST), `days` from today. */
export function jakartaDate(days: number): string {
	return new Date(Date.now() + 7 * HOUR + days * DAY).toISOString().slice(0, 10);
}

export function taxiSearch(pickupAt = isoIn(2 * HOUR)) {
	return { businessType: "TAXI", details: { pickup: monas, dropoff: blokM, pickupAt } };
}

export function rentSearch(withDriver: boolean, startAt = isoIn(DAY), days = 2.5) {
	const endAt = new Date(Date.parse(startAt) + days * DAY).toISOString();
	return { businessType: "RENT", details: { city: "Denpasar", startAt, endAt, withDriver } };
}

export function deliverySearch(weightKg: number) {
	return {
		businessType: "DELIVERY",
		details: {
			sender: {
				lat: -6.2607,
				lng: 106.8137,
				address: "Jl. Kemang Raya 8, Jakarta Selatan",
				name: "Sari",
				phone: "+6281200000001",
			},
			recipient: {
				lat: -6.1588,
				lng: 106.9056,
				address: "Jl. Boulevard Raya, Kelapa Gading",
				name: "Budi",
				phone: "+6281200000002",
			},
			package: { weightKg, description: "Documents and a laptop" },
		},
	};
}

export function shuttleSearch(date = jakartaDate(30)) {
	return { businessType: "SHUTTLE", details: { origin: "Jakarta", destination: "Bandung", date } };
}

export const HOUR_MS = HOUR;
export const DAY_MS = DAY;
