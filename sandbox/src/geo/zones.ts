/**
 * Indonesia's three time zones, and which one a point falls in. None of them observes daylight
 * saving, so each is a fixed offset from UTC.
 */

export const ZONES = {
	WIB: { timeZone: "Asia/Jakarta", utcOffset: "+07:00", offsetMinutes: 420 },
	WITA: { timeZone: "Asia/Makassar", utcOffset: "+08:00", offsetMinutes: 480 },
	WIT: { timeZone: "Asia/Jayapura", utcOffset: "+09:00", offsetMinutes: 540 },
} as const;
export type Zone = keyof typeof ZONES;

export function isZone(value: string): value is Zone {
	return Object.hasOwn(ZONES, value);
}

/** A generous box around the archipelago; points outside it are not ours to answer. */
const BOUNDS = { minLat: -11.5, maxLat: 6.5, minLng: 94.5, maxLng: 141.5 };

export function inIndonesia(lat: number, lng: number): boolean {
	return lat >= BOUNDS.minLat && lat <= BOUNDS.maxLat && lng >= BOUNDS.minLng && lng <= BOUNDS.maxLng;
}

/** Kalimantan's eastern provinces (South, East, North) keep WITA; West and Central keep WIB. */
function isEasternKalimantan(lat: number, lng: number): boolean {
	if (lat < -4.5 || lat > 4.5 || lng < 108.5 || lng > 119.5) return false;
	if (lat >= 0.5) return lng >= 114.5; // East and North Kalimantan, north of the equator
	if (lat < -2.8) return lng >= 114.45; // South Kalimantan around Banjarmasin
	return lng >= 115.3; // East Kalimantan (Balikpapan, Samarinda) and northern South Kalimantan
}

/**
 * A longitude-band approximation with province-level refinements, good to a few kilometres
 * near the borders that matter (Bali Strait, Kalimantan's provinces, Maluku):
 * - WIT: Maluku, North Maluku and Papua, east of about 125.8°E (the Talaud islands, part of
 *   North Sulawesi, stay WITA).
 * - WITA: Bali and Nusa Tenggara (south of 7.7°S, east of the Bali Strait at 114.42°E),
 *   South/East/North Kalimantan, and Sulawesi (east of 118.7°E).
 * - WIB: everything west of that: Sumatra, Java, Madura and its islands, West and Central Kalimantan.
 */
export function zoneAt(lat: number, lng: number): Zone {
	const talaud = lat >= 3.3 && lng < 127.3;
	if (lng >= 125.8 && !talaud) return "WIT";
	if (lat < -7.7 && lng >= 114.42) return "WITA";
	if (isEasternKalimantan(lat, lng)) return "WITA";
	if (lng >= 118.7) return "WITA";
	return "WIB";
}
