import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson } from "../support/http";
import { type RunningSandbox, startSandbox } from "../support/stack";

let sandbox: RunningSandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox?.stop();
});

const zoneAt = (query: string) => getJson(`${sandbox.url}/geo/zone?${query}`);

const WIB = { zone: "WIB", timeZone: "Asia/Jakarta", utcOffset: "+07:00" };
const WITA = { zone: "WITA", timeZone: "Asia/Makassar", utcOffset: "+08:00" };
const WIT = { zone: "WIT", timeZone: "Asia/Jayapura", utcOffset: "+09:00" };

describe("time zone of a point", () => {
	it.each([
		["Jakarta (Monas)", -6.1754, 106.8272, WIB],
		["Medan", 3.5952, 98.6722, WIB],
		["Banyuwangi, east tip of Java", -8.2192, 114.3691, WIB],
		["Pontianak, West Kalimantan", -0.0263, 109.3425, WIB],
		["Palangka Raya, Central Kalimantan", -2.2161, 113.9135, WIB],
		["Denpasar, Bali", -8.6705, 115.2126, WITA],
		["Kuta, Bali", -8.7184, 115.1686, WITA],
		["Kupang, East Nusa Tenggara", -10.1772, 123.607, WITA],
		["Banjarmasin, South Kalimantan", -3.3186, 114.5944, WITA],
		["Balikpapan, East Kalimantan", -1.2379, 116.8529, WITA],
		["Makassar, South Sulawesi", -5.1477, 119.4327, WITA],
		["Manado, North Sulawesi", 1.4748, 124.8421, WITA],
		["Ambon, Maluku", -3.6954, 128.1814, WIT],
		["Ternate, North Maluku", 0.7893, 127.3849, WIT],
		["Jayapura, Papua", -2.5337, 140.7181, WIT],
	])("%s", async (_name, lat, lng, expected) => {
		const response = await zoneAt(`lat=${lat}&lng=${lng}`);
		expect(response.status).toBe(200);
		expect(response.body).toEqual(expected);
	});

	it("refuses coordinates that are missing or not numbers", async () => {
		const response = await zoneAt("lat=abc");
		expect(response.status).toBe(400);
		expect(response.body).toEqual({
			type: "/problems/validation-failed",
			title: "Validation failed",
			status: 400,
			detail: "The query is invalid.",
			code: "VALIDATION_FAILED",
			errors: [
				{ path: "lat", message: expect.any(String) },
				{ path: "lng", message: expect.any(String) },
			],
		});
		expect((await zoneAt("lat=-95&lng=106")).status).toBe(400);
	});

	it("answers 422 for a point outside Indonesia", async () => {
		const response = await zoneAt("lat=-33.8688&lng=151.2093");
		expect(response.status).toBe(422);
		expect(response.body).toEqual({
			type: "/problems/outside-coverage",
			title: "Outside coverage",
			status: 422,
			detail: "-33.8688,151.2093 is outside Indonesia.",
			code: "OUTSIDE_COVERAGE",
			lat: -33.8688,
			lng: 151.2093,
		});
	});
});
