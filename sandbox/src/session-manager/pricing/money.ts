import type { FareComponent, Fleet } from "../schemas";

/** Rupiah prices are quoted in hundreds. */
export function round100(amount: number): number {
	return Math.round(amount / 100) * 100;
}

/** Builds a fleet whose unitPrice is by construction the sum of its (rounded) components. */
export function fleet(
	fleetId: string,
	name: string,
	components: FareComponent[],
	attributes?: Fleet["attributes"],
): Fleet {
	const fareComponents = components
		.map((component) => ({ code: component.code, amount: round100(component.amount) }))
		.filter((component) => component.amount > 0);
	const unitPrice = fareComponents.reduce((sum, component) => sum + component.amount, 0);
	return attributes
		? { fleetId, name, unitPrice, fareComponents, attributes }
		: { fleetId, name, unitPrice, fareComponents };
}

/** Great-circle distance in km, rounded to 0.1 km so prices do not jitter on float noise. */
export function haversineKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
	const rad = (deg: number) => (deg * Math.PI) / 180;
	const dLat = rad(b.lat - a.lat);
	const dLng = rad(b.lng - a.lng);
	const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
	const km = 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
	return Math.round(km * 10) / 10;
}

/** FNV-1a: a stable 32-bit hash, so route-derived prices and seat counts are reproducible. */
export function stableHash(text: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return hash >>> 0;
}
