/**
 * Indonesia's three time zones and which one a point falls in: the same rule as the sandbox's
 * Geo service (sandbox/src/geo/zones.ts), so a page shows an item's times in the zone the
 * service itself uses. None observes daylight saving, so each is a fixed offset.
 */
export const ZONES = {
	WIB: { zone: "WIB", timeZone: "Asia/Jakarta", utcOffset: "+07:00", offsetMinutes: 420 },
	WITA: { zone: "WITA", timeZone: "Asia/Makassar", utcOffset: "+08:00", offsetMinutes: 480 },
	WIT: { zone: "WIT", timeZone: "Asia/Jayapura", utcOffset: "+09:00", offsetMinutes: 540 },
};

/** Kalimantan's eastern provinces (South, East, North) keep WITA; West and Central keep WIB. */
function isEasternKalimantan(lat, lng) {
	if (lat < -4.5 || lat > 4.5 || lng < 108.5 || lng > 119.5) return false;
	if (lat >= 0.5) return lng >= 114.5;
	if (lat < -2.8) return lng >= 114.45;
	return lng >= 115.3;
}

/** WIT east of about 125.8°E (not the Talaud islands), WITA for Bali, Nusa Tenggara, eastern Kalimantan and Sulawesi, else WIB. */
export function zoneAt(lat, lng) {
	const talaud = lat >= 3.3 && lng < 127.3;
	if (lng >= 125.8 && !talaud) return ZONES.WIT;
	if (lat < -7.7 && lng >= 114.42) return ZONES.WITA;
	if (isEasternKalimantan(lat, lng)) return ZONES.WITA;
	if (lng >= 118.7) return ZONES.WITA;
	return ZONES.WIB;
}

/** The zone an ISO instant was written in (+07:00 → WIB …), or undefined. */
export function zoneOfOffset(iso) {
	const match = typeof iso === "string" ? /([+-]\d{2}:\d{2})$/.exec(iso) : null;
	if (!match) return undefined;
	return Object.values(ZONES).find((z) => z.utcOffset === match[1]);
}

/** A wall-clock "YYYY-MM-DDTHH:MM" (datetime-local) in `zone` as an ISO instant with its offset. */
export function wallClockToIso(value, zone) {
	return `${value}:00${zone.utcOffset}`;
}

/** The instant `ms` as a wall-clock "YYYY-MM-DDTHH:MM" in `zone`. */
export function wallClock(ms, zone) {
	return new Date(ms + zone.offsetMinutes * 60_000).toISOString().slice(0, 16);
}
