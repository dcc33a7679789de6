import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { type Client, createClient } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import { beforeEach, describe, expect, it } from "vitest";
import { historyShape } from "../../src/db/assemble";
import { HistoryRepository } from "../../src/db/history";
import { HistoryProjectionError } from "../../src/db/rows";
import type { BookingState } from "../../src/domain/booking";
import { applyFees } from "../../src/domain/fees";
import { bookingFixture, paidAndBooked, taxiItem } from "../support/history-fixtures";

const MIGRATIONS = path.join(import.meta.dirname, "../../migrations");

/** A fresh in-memory libSQL database with every migration applied, as wrangler applies them. */
async function migratedClient(): Promise<Client> {
	const client = createClient({ url: ":memory:" });
	const files = (await readdir(MIGRATIONS)).filter((name) => /^\d{4}_.+\.sql$/.test(name)).sort();
	for (const file of files) await client.executeMultiple(await readFile(path.join(MIGRATIONS, file), "utf8"));
	return client;
}

let client: Client;
let history: HistoryRepository;

beforeEach(async () => {
	client = await migratedClient();
	history = new HistoryRepository(drizzle(client));
});

const count = async (table: string) =>
	Number((await client.execute(`select count(*) as n from ${table}`)).rows[0]?.n);

describe("projecting a booking snapshot", () => {
	it("reads back exactly the snapshot that was projected, for every business type", async () => {
		const booking = bookingFixture("bk_round");
		await history.project(booking);
		expect(await history.getBooking("bk_round")).toStrictEqual(booking);
	});

	it("stores one row per detail table, seats from the shuttle quantity", async () => {
		await history.project(bookingFixture("bk_rows"));
		const shuttle = await client.execute("select route_id, seats from order_shuttle_details");
		expect(shuttle.rows.map((row) => ({ ...row }))).toEqual([{ route_id: "JKT-BDG", seats: 3 }]);
		for (const table of ["order_ride_details", "order_rent_details", "order_delivery_details"]) {
			expect(await count(table)).toBe(1);
		}
		expect(await count("fare_components")).toBe(4);
		expect(await count("order_service_fees")).toBe(3);
	});

	it("answers undefined for a booking never projected", async () => {
		expect(await history.getBooking("bk_missing")).toBeUndefined();
	});

	it("ignores an older snapshot that arrives after a newer one", async () => {
		const v1 = bookingFixture("bk_order");
		const v2 = paidAndBooked(v1);
		await history.project(v2);
		await history.project(v1);
		expect(await history.getBooking("bk_order")).toStrictEqual(v2);
	});

	it("replaces the children when the version moves on", async () => {
		const v1 = bookingFixture("bk_moves");
		const v2 = paidAndBooked(v1);
		const { promo: _dropped, ...v3 } = {
			...v2,
			version: v2.version + 1,
			items: v2.items.slice(0, 2),
			fees: v2.fees.slice(0, 1),
		};
		await history.project(v1);
		await history.project(v2);
		expect(await history.getBooking("bk_moves")).toStrictEqual(v2);
		await history.project(v3);
		expect(await history.getBooking("bk_moves")).toStrictEqual(v3);
		expect(await count("order_items")).toBe(2);
		expect(await count("order_shuttle_details")).toBe(0);
		expect(await count("promos")).toBe(0);
	});

	it("projects a later snapshot's changes alone: statuses, partner refs, payment and vehicles", async () => {
		const v1 = bookingFixture("bk_changes");
		const v2 = paidAndBooked(v1);
		await history.project(v1);
		await history.projectChanges(v2);
		expect(await history.getBooking("bk_changes")).toStrictEqual(v2);
		expect(await count("order_vehicle_info")).toBe(1);
		// A driver swap replaces the vehicle; the item keeps its details and fare components.
		const [taxi, ...rest] = v2.items;
		if (!taxi?.vehicle) throw new Error("fixture has no assigned taxi");
		const v3: BookingState = {
			...v2,
			version: v2.version + 1,
			items: [{ ...taxi, status: "DONE", vehicle: { ...taxi.vehicle, driverName: "Agus" } }, ...rest],
		};
		await history.projectChanges(v3);
		expect(await history.getBooking("bk_changes")).toStrictEqual(v3);
		expect(await count("order_vehicle_info")).toBe(1);
	});

	it("ignores the changes of an older or replayed snapshot", async () => {
		const v1 = bookingFixture("bk_changes_stale");
		const v2 = paidAndBooked(v1);
		await history.project(v2);
		await history.projectChanges(v1);
		expect(await history.getBooking("bk_changes_stale")).toStrictEqual(v2);
		await history.projectChanges(v2);
		expect(await history.getBooking("bk_changes_stale")).toStrictEqual(v2);
	});

	it("treats a replay of the current snapshot as a no-op", async () => {
		const booking = paidAndBooked(bookingFixture("bk_replay"));
		await history.project(booking);
		await history.project(booking);
		expect(await history.getBooking("bk_replay")).toStrictEqual(booking);
		expect(await count("order_items")).toBe(4);
	});

	it("keeps the passenger entered with the cart apart from the one named at checkout", async () => {
		const taxi = taxiItem("bk_pax_i1");
		const entered = { name: "Budi Santoso", phone: "+6281234567890" };
		const booking = bookingFixture("bk_pax", {
			items: [
				{ ...taxi, details: { ...taxi.details, passenger: entered } },
				{ ...taxiItem("bk_pax_i2"), passenger: undefined },
			],
		});
		const { passenger: _none, ...withoutPassenger } = taxiItem("bk_pax_i2");
		const expected = { ...booking, items: [booking.items[0], withoutPassenger] };
		await history.project(booking);
		expect(await history.getBooking("bk_pax")).toStrictEqual(expected);
		expect(historyShape(booking)).toStrictEqual(expected);
	});

	it("keeps only the detail fields the history stores", async () => {
		const taxi = taxiItem("bk_extra_i1");
		const booking = bookingFixture("bk_extra", {
			items: [{ ...taxi, details: { ...taxi.details, surge: 1.5 } }],
		});
		await history.project(booking);
		expect(await history.getBooking("bk_extra")).toStrictEqual({ ...booking, items: [taxi] });
		expect(historyShape(booking)).toStrictEqual({ ...booking, items: [taxi] });
	});

	it("refuses a snapshot whose details miss a stored field, writing nothing", async () => {
		const taxi = taxiItem("bk_bad_i1");
		const booking = bookingFixture("bk_bad", {
			items: [{ ...taxi, details: { ...taxi.details, pickupAt: undefined } }],
		});
		await expect(history.project(booking)).rejects.toThrow(HistoryProjectionError);
		expect(await history.getBooking("bk_bad")).toBeUndefined();
	});
});

describe("listing a customer's bookings", () => {
	const at = (minute: number) =>
		`2026-12-01T0${Math.floor(minute / 60)}:${String(minute % 60).padStart(2, "0")}:00.000Z`;

	async function seed(): Promise<BookingState[]> {
		const mine = [1, 2, 3, 4, 5].map((n) =>
			bookingFixture(`bk_${n}`, {
				createdAt: at(n),
				updatedAt: at(n),
				...(n % 2 === 0 ? { status: "CANCELED" as const } : {}),
			}),
		);
		// Same instant as bk_5: the id breaks the tie.
		mine.push(bookingFixture("bk_6", { createdAt: at(5), updatedAt: at(5) }));
		for (const booking of mine) await history.project(booking);
		await history.project(bookingFixture("bk_other", { ownerId: "cus_other", createdAt: at(9) }));
		return mine;
	}

	it("pages newest first with an opaque cursor and hides other customers' bookings", async () => {
		await seed();
		const ids: string[][] = [];
		let cursor: string | undefined;
		do {
			const page = await history.listBookings("cus_budi", { limit: 4, ...(cursor ? { cursor } : {}) });
			ids.push(page.bookings.map((booking) => booking.id));
			cursor = page.nextCursor;
		} while (cursor);
		expect(ids).toEqual([
			["bk_6", "bk_5", "bk_4", "bk_3"],
			["bk_2", "bk_1"],
		]);
	});

	it("summarises each booking with its payment and item count", async () => {
		await seed();
		const { bookings, nextCursor } = await history.listBookings("cus_budi", { limit: 1 });
		const booking = bookingFixture("bk_6");
		expect(bookings).toEqual([
			{
				id: "bk_6",
				status: "CREATED",
				total: booking.pricing.total,
				currency: "IDR",
				paymentMethod: "CREDIT_CARD",
				paymentStatus: "WAITING_FOR_PAYMENT",
				itemCount: 4,
				createdAt: at(5),
				updatedAt: at(5),
			},
		]);
		expect(nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
	});

	it("filters by status", async () => {
		await seed();
		const page = await history.listBookings("cus_budi", { status: "CANCELED" });
		expect(page).toEqual({
			bookings: [expect.objectContaining({ id: "bk_4" }), expect.objectContaining({ id: "bk_2" })],
		});
	});

	it("shows nothing to a customer without bookings and clamps the page size", async () => {
		await seed();
		expect(await history.listBookings("cus_nobody")).toEqual({ bookings: [] });
		expect((await history.listBookings("cus_budi", { limit: 0 })).bookings).toHaveLength(1);
		expect((await history.listBookings("cus_budi", { limit: 1000 })).bookings).toHaveLength(6);
	});

	it("rejects a cursor it did not issue", async () => {
		await expect(history.listBookings("cus_budi", { cursor: "not a cursor" })).rejects.toThrow(RangeError);
	});
});

describe("service fee rules", () => {
	it("loads the seeded platform fees and card surcharge", async () => {
		const rules = await history.feeRules();
		expect(rules).toEqual([
			{
				feeId: "fee_card_surcharge",
				code: "CARD_SURCHARGE",
				name: "Credit card surcharge",
				paymentMethod: "CREDIT_CARD",
				kind: "PERCENT_OF_SUBTOTAL",
				value: 150,
			},
			...[
				["DELIVERY", 2_500],
				["RENT", 10_000],
				["SHUTTLE", 3_000],
				["TAXI", 2_000],
			].map(([businessType, value]) => ({
				feeId: "fee_platform",
				code: "PLATFORM_FEE",
				name: "Platform fee",
				businessType,
				kind: "FIXED_PER_ITEM",
				value,
			})),
		]);
	});

	it("prices a card checkout through applyFees", async () => {
		const fees = applyFees(await history.feeRules(), {
			items: [
				{ businessType: "TAXI", amount: 85_000, units: 2 },
				{ businessType: "SHUTTLE", amount: 360_000, units: 1 },
			],
			discountedSubtotal: 400_000,
			method: "CREDIT_CARD",
		});
		expect(fees.map(({ code, amount }) => [code, amount])).toEqual([
			["CARD_SURCHARGE", 6_000],
			["PLATFORM_FEE", 3_000],
			["PLATFORM_FEE", 4_000],
		]);
	});

	it("leaves out deactivated rules", async () => {
		await client.execute("update services_fee_rules set active = 0 where id = 'rule_card_surcharge'");
		expect((await history.feeRules()).map((rule) => rule.code)).not.toContain("CARD_SURCHARGE");
	});
});

describe("the event log", () => {
	const event = (id: string, version: number) => ({
		id,
		bookingId: "bk_events",
		type: "booking.created",
		version,
		payload: { status: "CREATED", nested: { total: 100_000 } },
		createdAt: `2026-12-01T01:00:0${version}.000Z`,
	});

	it("records each event once however often it is delivered", async () => {
		await history.recordEvents([event("ev_2", 2), event("ev_1", 1)]);
		await history.recordEvents([event("ev_1", 1), event("ev_2", 2), event("ev_3", 3)]);
		await history.recordEvents([]);
		expect(await history.eventsFor("bk_events")).toEqual([
			event("ev_1", 1),
			event("ev_2", 2),
			event("ev_3", 3),
		]);
		expect(await history.eventsFor("bk_unknown")).toEqual([]);
	});

	it("records more events than one statement can bind", async () => {
		const many = Array.from({ length: 40 }, (_, n) => ({ ...event(`ev_${String(n).padStart(2, "0")}`, 1) }));
		await history.recordEvents(many);
		expect(await history.eventsFor("bk_events")).toHaveLength(40);
	});
});
