import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type JsonResponse, postJson } from "../support/http";
import { type RunningSandbox, startSandbox } from "../support/stack";
import {
	DAY_MS,
	deliverySearch,
	isoIn,
	jakartaDate,
	rentSearch,
	shuttleSearch,
	taxiSearch,
} from "./fixtures";

type Fleet = { fleetId: string; unitPrice: number; fareComponents: { code: string; amount: number }[] };

let sandbox: RunningSandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox?.stop();
});

const search = (body: unknown) => postJson(`${sandbox.url}/session-manager/searches`, body);

/** Invariants every search answer keeps: unique fleet ids, components summing to the price. */
function expectWellFormed(response: JsonResponse): Fleet[] {
	const body = response.body as { createdAt: string; expiresAt: string; fleets: Fleet[] };
	expect(Date.parse(body.expiresAt) - Date.parse(body.createdAt)).toBe(15 * 60_000);
	const ids = body.fleets.map((fleet) => fleet.fleetId);
	expect(new Set(ids).size).toBe(ids.length);
	for (const fleet of body.fleets) {
		expect(fleet.fareComponents.reduce((sum, c) => sum + c.amount, 0)).toBe(fleet.unitPrice);
		expect(fleet.unitPrice % 100).toBe(0);
	}
	return body.fleets;
}

const session = {
	sessionId: expect.stringMatching(/^ses_[0-9a-f]{32}$/),
	createdAt: expect.any(String),
	expiresAt: expect.any(String),
};

describe("fleet search", () => {
	it("prices a taxi ride by distance in three classes", async () => {
		const response = await search(taxiSearch());
		expect(response.status).toBe(201);
		expect(response.body).toEqual({
			...session,
			businessType: "TAXI",
			fleets: [
				{
					fleetId: "taxi-regular",
					name: "Regular",
					unitPrice: 47_400,
					fareComponents: [
						{ code: "BASE_FARE", amount: 10_000 },
						{ code: "DISTANCE_FARE", amount: 37_400 },
					],
					attributes: { distanceKm: 8.3, seats: 4 },
				},
				{
					fleetId: "taxi-executive",
					name: "Executive",
					unitPrice: 69_000,
					fareComponents: [
						{ code: "BASE_FARE", amount: 15_000 },
						{ code: "DISTANCE_FARE", amount: 54_000 },
					],
					attributes: { distanceKm: 8.3, seats: 4 },
				},
				{
					fleetId: "taxi-xl",
					name: "XL (6 seats)",
					unitPrice: 82_300,
					fareComponents: [
						{ code: "BASE_FARE", amount: 20_000 },
						{ code: "DISTANCE_FARE", amount: 62_300 },
					],
					attributes: { distanceKm: 8.3, seats: 6 },
				},
			],
		});
		expectWellFormed(response);
	});

	it("tops a very short taxi ride up to the minimum fare", async () => {
		const body = taxiSearch();
		const response = await search({ ...body, details: { ...body.details, dropoff: body.details.pickup } });
		const fleets = expectWellFormed(response);
		expect(fleets[0]).toMatchObject({
			fleetId: "taxi-regular",
			unitPrice: 25_000,
			fareComponents: [
				{ code: "BASE_FARE", amount: 10_000 },
				{ code: "MINIMUM_FARE_TOP_UP", amount: 15_000 },
			],
		});
	});

	it("gives the same prices for the same details", async () => {
		const [a, b] = await Promise.all([search(taxiSearch()), search(taxiSearch())]);
		expect((a.body as { fleets: Fleet[] }).fleets).toEqual((b.body as { fleets: Fleet[] }).fleets);
	});

	it("prices a car rental by whole days started, with a driver fee when asked", async () => {
		const response = await search(rentSearch(true));
		expect(response.status).toBe(201);
		expect(response.body).toEqual({
			...session,
			businessType: "RENT",
			fleets: [
				{
					fleetId: "rent-economy",
					name: "Toyota Avanza or similar",
					unitPrice: 1_800_000,
					fareComponents: [
						{ code: "DAILY_RATE", amount: 1_050_000 },
						{ code: "DRIVER_FEE", amount: 750_000 },
					],
					attributes: { days: 3, seats: 7, withDriver: true },
				},
				{
					fleetId: "rent-suv",
					name: "Toyota Innova Zenix or similar",
					unitPrice: 2_700_000,
					fareComponents: [
						{ code: "DAILY_RATE", amount: 1_950_000 },
						{ code: "DRIVER_FEE", amount: 750_000 },
					],
					attributes: { days: 3, seats: 7, withDriver: true },
				},
				{
					fleetId: "rent-premium",
					name: "Toyota Alphard or similar",
					unitPrice: 6_150_000,
					fareComponents: [
						{ code: "DAILY_RATE", amount: 5_400_000 },
						{ code: "DRIVER_FEE", amount: 750_000 },
					],
					attributes: { days: 3, seats: 7, withDriver: true },
				},
			],
		});
		expectWellFormed(response);
	});

	it("charges a short self-drive rental one day and no driver fee", async () => {
		const response = await search(rentSearch(false, isoIn(DAY_MS), 0.25));
		const fleets = expectWellFormed(response);
		expect(fleets[0]).toEqual({
			fleetId: "rent-economy",
			name: "Toyota Avanza or similar",
			unitPrice: 350_000,
			fareComponents: [{ code: "DAILY_RATE", amount: 350_000 }],
			attributes: { days: 1, seats: 7, withDriver: false },
		});
	});

	it("offers a motorcycle and a van for a light parcel, with a weight surcharge above 5 kg", async () => {
		const response = await search(deliverySearch(12));
		expect(response.status).toBe(201);
		expect(response.body).toEqual({
			...session,
			businessType: "DELIVERY",
			fleets: [
				{
					fleetId: "delivery-bike",
					name: "Motorcycle courier",
					unitPrice: 57_500,
					fareComponents: [
						{ code: "BASE_FARE", amount: 9_000 },
						{ code: "DISTANCE_FARE", amount: 38_000 },
						{ code: "WEIGHT_SURCHARGE", amount: 10_500 },
					],
					attributes: { distanceKm: 15.2, maxWeightKg: 20 },
				},
				{
					fleetId: "delivery-van",
					name: "Van",
					unitPrice: 121_000,
					fareComponents: [
						{ code: "BASE_FARE", amount: 45_000 },
						{ code: "DISTANCE_FARE", amount: 76_000 },
					],
					attributes: { distanceKm: 15.2, maxWeightKg: 1000 },
				},
			],
		});
		expectWellFormed(response);
	});

	it("offers only the van above 20 kg", async () => {
		const response = await search(deliverySearch(25.5));
		expect(expectWellFormed(response).map((fleet) => fleet.fleetId)).toEqual(["delivery-van"]);
	});

	it("lists every shuttle departure of the day with route, time and free seats", async () => {
		const date = jakartaDate(30);
		const response = await search(shuttleSearch(date));
		expect(response.status).toBe(201);
		const departure = (time: string, unitPrice: number) => ({
			fleetId: `shuttle-${time.replace(":", "")}`,
			name: `Jakarta → Bandung ${time} WIB`,
			unitPrice,
			fareComponents: [{ code: "SEAT_FARE", amount: unitPrice }],
			attributes: {
				routeId: "route-jakarta-bandung",
				departureAt: `${date}T${time}:00+07:00`,
				seatsAvailable: expect.any(Number),
			},
		});
		expect(response.body).toEqual({
			...session,
			businessType: "SHUTTLE",
			fleets: [
				departure("06:00", 200_000),
				departure("09:00", 220_000),
				departure("13:00", 200_000),
				departure("17:00", 230_000),
			],
		});
		for (const fleet of expectWellFormed(response) as (Fleet & {
			attributes: { seatsAvailable: number };
		})[]) {
			expect(fleet.attributes.seatsAvailable).toBeGreaterThanOrEqual(4);
			expect(fleet.attributes.seatsAvailable).toBeLessThanOrEqual(14);
		}
	});
});
