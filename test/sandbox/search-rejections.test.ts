import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postJson, validationProblem } from "../support/http";
import { type RunningSandbox, startSandbox } from "../support/stack";
import {
	DAY_MS,
	deliverySearch,
	HOUR_MS,
	isoIn,
	jakartaDate,
	rentSearch,
	shuttleSearch,
	taxiSearch,
} from "./fixtures";

let sandbox: RunningSandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox?.stop();
});

const search = (body: unknown) => postJson(`${sandbox.url}/session-manager/searches`, body);

describe("fleet search rejections", () => {
	const rejected = (detail: string) => ({
		type: "/problems/search-rejected",
		title: "Search rejected",
		status: 422,
		detail,
		code: "SEARCH_REJECTED",
	});

	it("refuses a taxi pickup in the past", async () => {
		const response = await search(taxiSearch(isoIn(-HOUR_MS)));
		expect(response.status).toBe(422);
		expect(response.contentType).toBe("application/problem+json");
		expect(response.body).toEqual(rejected("pickupAt is in the past."));
	});

	it("accepts a pickup a moment ago, within the grace period", async () => {
		const response = await search(taxiSearch(isoIn(-60_000)));
		expect(response.status).toBe(201);
	});

	it("refuses a rental that started in the past", async () => {
		const response = await search(rentSearch(false, isoIn(-DAY_MS)));
		expect(response.status).toBe(422);
		expect(response.body).toEqual(rejected("startAt is in the past."));
	});

	it("refuses a shuttle date that has passed", async () => {
		const date = jakartaDate(-1);
		const response = await search(shuttleSearch(date));
		expect(response.status).toBe(422);
		expect(response.body).toEqual(rejected(`No departures left on ${date}.`));
	});
});

describe("fleet search validation", () => {
	it("names every invalid field of a taxi search by its path", async () => {
		const body = taxiSearch();
		const response = await search({
			businessType: "TAXI",
			details: {
				pickup: { ...body.details.pickup, lat: 91 },
				dropoff: { lat: -6.2, address: "no lng" },
				pickupAt: "2030-01-01T10:00:00",
			},
		});
		expect(response.status).toBe(400);
		expect(response.contentType).toBe("application/problem+json");
		expect(response.body).toEqual(
			validationProblem(["details.pickup.lat", "details.dropoff.lng", "details.pickupAt"]),
		);
	});

	it("refuses an unknown business type", async () => {
		const response = await search({ businessType: "BOAT", details: {} });
		expect(response.status).toBe(400);
		expect(response.body).toEqual(validationProblem(["businessType"]));
	});

	it("refuses a rental that ends before it starts", async () => {
		const response = await search(rentSearch(true, isoIn(DAY_MS), -1));
		expect(response.status).toBe(400);
		expect(response.body).toEqual({
			...validationProblem([]),
			errors: [{ path: "details.endAt", message: "endAt must be after startAt" }],
		});
	});

	it("refuses a parcel of zero or more than 1000 kg and a sender without a phone", async () => {
		const body = deliverySearch(0);
		const { phone: _phone, ...sender } = body.details.sender;
		const response = await search({ ...body, details: { ...body.details, sender } });
		expect(response.status).toBe(400);
		expect(response.body).toEqual(validationProblem(["details.sender.phone", "details.package.weightKg"]));

		const heavy = await search(deliverySearch(1000.5));
		expect(heavy.body).toEqual(validationProblem(["details.package.weightKg"]));
	});

	it("refuses a shuttle date that is not YYYY-MM-DD", async () => {
		const response = await search(shuttleSearch("26/12/2030"));
		expect(response.status).toBe(400);
		expect(response.body).toEqual(validationProblem(["details.date"]));
	});
});
