import { zoneAt } from "./zones.js";

/** Preset places with coordinates, so a search carries the lat/lng the partners need. */
export const PLACES = [
	{ id: "monas", address: "Monas, Jakarta Pusat", lat: -6.1754, lng: 106.8272 },
	{ id: "senayan", address: "Gelora Bung Karno, Senayan, Jakarta", lat: -6.2186, lng: 106.8023 },
	{ id: "cgk", address: "Bandara Soekarno-Hatta, Tangerang", lat: -6.1256, lng: 106.6559 },
	{ id: "gedung-sate", address: "Gedung Sate, Bandung", lat: -6.9025, lng: 107.6188 },
	{ id: "bandung-station", address: "Stasiun Bandung", lat: -6.9147, lng: 107.6021 },
	{ id: "dps", address: "Bandara I Gusti Ngurah Rai, Bali", lat: -8.7482, lng: 115.1675 },
	{ id: "kuta", address: "Pantai Kuta, Bali", lat: -8.7184, lng: 115.1686 },
	{ id: "ubud", address: "Pasar Ubud, Gianyar, Bali", lat: -8.5069, lng: 115.2625 },
	{ id: "losari", address: "Pantai Losari, Makassar", lat: -5.1437, lng: 119.4075 },
	{ id: "upg", address: "Bandara Sultan Hasanuddin, Makassar", lat: -5.0617, lng: 119.554 },
	{ id: "djj", address: "Bandara Sentani, Jayapura", lat: -2.5769, lng: 140.5164 },
	{ id: "jayapura", address: "Pantai Dok II, Jayapura", lat: -2.5337, lng: 140.7181 },
].map((place) => ({ ...place, zone: zoneAt(place.lat, place.lng) }));

/** Cities for rentals and shuttles, with a point to tell their time zone. */
export const CITIES = [
	{ name: "Jakarta", lat: -6.2088, lng: 106.8456 },
	{ name: "Bandung", lat: -6.9175, lng: 107.6191 },
	{ name: "Bali", lat: -8.6705, lng: 115.2126 },
	{ name: "Makassar", lat: -5.1477, lng: 119.4327 },
	{ name: "Jayapura", lat: -2.5337, lng: 140.7181 },
].map((city) => ({ ...city, zone: zoneAt(city.lat, city.lng) }));

export const placeById = (id) => PLACES.find((place) => place.id === id);
export const cityByName = (name) =>
	CITIES.find((city) => city.name.toLowerCase() === String(name ?? "").toLowerCase());
