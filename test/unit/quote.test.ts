import { describe, expect, it } from "vitest";
import { quoteMismatches } from "../../src/domain/quote";

const pickup = { lat: -6.1754, lng: 106.8272, address: "Monas" };
const dropoff = { lat: -6.2, lng: 106.8, address: "Blok M" };
const taxiSearch = { pickup, dropoff, pickupAt: "2026-12-01T08:00:00+07:00" };

describe("quoteMismatches", () => {
	it("accepts an item equal to the search, whatever the offset of its instants", () => {
		const item = {
			...taxiSearch,
			pickupAt: "2026-12-01T01:00:00.000Z",
			passenger: { name: "A", phone: "0812345678" },
		};
		expect(quoteMismatches("TAXI", taxiSearch, item)).toEqual([]);
	});

	it("names every field that differs from the search", () => {
		const item = { ...taxiSearch, dropoff: { ...dropoff, lat: -6.3 }, pickupAt: "2026-12-01T09:00:00+07:00" };
		expect(quoteMismatches("TAXI", taxiSearch, item)).toEqual(["details.dropoff", "details.pickupAt"]);
	});

	it("compares rent flags and delivery parcels", () => {
		const rent = {
			city: "Jakarta",
			startAt: "2026-12-01T08:00:00+07:00",
			endAt: "2026-12-02T08:00:00+07:00",
			withDriver: true,
		};
		expect(quoteMismatches("RENT", rent, { ...rent, withDriver: false })).toEqual(["details.withDriver"]);
		const party = { ...pickup, name: "A", phone: "0812345678" };
		const delivery = { sender: party, recipient: party, package: { weightKg: 2 } };
		expect(quoteMismatches("DELIVERY", delivery, { ...delivery, package: { weightKg: 20 } })).toEqual([
			"details.package",
		]);
	});

	it("checks a shuttle item against the chosen departure", () => {
		const attributes = { routeId: "JKT-BDG", departureAt: "2026-12-01T09:00:00+07:00", seatsAvailable: 10 };
		expect(
			quoteMismatches("SHUTTLE", {}, { routeId: "JKT-BDG", departureAt: "2026-12-01T02:00:00Z" }, attributes),
		).toEqual([]);
		expect(
			quoteMismatches(
				"SHUTTLE",
				{},
				{ routeId: "JKT-SBY", departureAt: "2026-12-01T09:00:00+07:00" },
				attributes,
			),
		).toEqual(["details.routeId"]);
	});
});
