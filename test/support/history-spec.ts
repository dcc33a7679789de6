import { beforeAll, describe, expect, it } from "vitest";
import type { HistoryRepository } from "../../src/db/history";
import { bookingFixture, paidAndBooked } from "./history-fixtures";

/**
 * The order history's contract, one spec for every store: the workers suite runs it against
 * D1 and the unit suite against libSQL (a database migrated by `npm run db:migrate:libsql`'s
 * code), so both answer the same cases the same way.
 */
export function historySpec(backend: string, open: () => HistoryRepository): void {
	const unique = (name: string) => `${name}_${crypto.randomUUID().slice(0, 8)}`;
	let history: HistoryRepository;
	beforeAll(() => {
		history = open();
	});

	describe(`order history on ${backend}`, () => {
		it("reads back exactly the snapshot that was projected, for every business type", async () => {
			const booking = bookingFixture(unique("bk_spec"));
			await history.project(booking);
			expect(await history.getBooking(booking.id)).toStrictEqual(booking);
		});

		it("ignores an older snapshot that arrives after a newer one", async () => {
			const v1 = bookingFixture(unique("bk_spec_order"));
			const v2 = paidAndBooked(v1);
			await history.project(v2);
			await history.project(v1);
			expect(await history.getBooking(v1.id)).toStrictEqual(v2);
		});

		it("replaces the children when the version moves on", async () => {
			const v1 = bookingFixture(unique("bk_spec_moves"));
			const v2 = paidAndBooked(v1);
			const { promo: _dropped, ...v3 } = { ...v2, version: v2.version + 1, items: v2.items.slice(0, 1) };
			await history.project(v1);
			await history.project(v2);
			await history.project(v2);
			expect(await history.getBooking(v1.id)).toStrictEqual(v2);
			await history.project(v3);
			expect(await history.getBooking(v1.id)).toStrictEqual(v3);
		});

		it("projects a later snapshot's changes alone, and ignores an older one's", async () => {
			const v1 = bookingFixture(unique("bk_spec_changes"));
			const v2 = paidAndBooked(v1);
			await history.project(v1);
			await history.projectChanges(v2);
			expect(await history.getBooking(v1.id)).toStrictEqual(v2);
			await history.projectChanges(v1);
			expect(await history.getBooking(v1.id)).toStrictEqual(v2);
		});

		it("lists the owner's bookings newest first across pages", async () => {
			const owner = unique("cus_spec");
			const ids = [1, 2, 3].map((n) => `bk_spec_list_${owner}_${n}`);
			for (const [n, id] of ids.entries()) {
				const at = `2026-12-01T02:0${n}:00.000Z`;
				await history.project(bookingFixture(id, { ownerId: owner, createdAt: at, updatedAt: at }));
			}
			const first = await history.listBookings(owner, { limit: 2 });
			expect(first.bookings.map((booking) => booking.id)).toEqual([ids[2], ids[1]]);
			expect(first.bookings[0]).toMatchObject({ itemCount: 4, paymentMethod: "CREDIT_CARD" });
			const second = await history.listBookings(owner, { limit: 2, cursor: first.nextCursor ?? "" });
			expect(second).toEqual({ bookings: [expect.objectContaining({ id: ids[0] })] });
		});

		it("loads the seeded fee rules and records events once", async () => {
			expect(
				(await history.feeRules()).map((rule) => `${rule.code}:${rule.businessType ?? rule.paymentMethod}`),
			).toEqual([
				"CARD_SURCHARGE:CREDIT_CARD",
				"PLATFORM_FEE:DELIVERY",
				"PLATFORM_FEE:RENT",
				"PLATFORM_FEE:SHUTTLE",
				"PLATFORM_FEE:TAXI",
			]);
			const bookingId = unique("bk_spec_events");
			const event = {
				id: unique("ev"),
				bookingId,
				type: "booking.created",
				version: 1,
				payload: { a: [1] },
				createdAt: "2026-12-01T01:00:00.000Z",
			};
			await history.recordEvents([event]);
			await history.recordEvents([event]);
			expect(await history.eventsFor(bookingId)).toEqual([event]);
		});

		it("keeps a dead event once, with the failure that preceded it", async () => {
			const id = unique("evt_dead");
			await history.recordEventFailure(id, 1, "first: 503", "2026-12-01T03:00:00.000Z");
			await history.recordEventFailure(id, 3, "last: 503", "2026-12-01T03:01:00.000Z");
			const dead = {
				id,
				queue: "booking-events",
				body: { id, n: [1] },
				attempts: 11,
				at: "2026-12-01T03:02:00.000Z",
			};
			await history.recordDeadEvent(dead);
			await history.recordDeadEvent({ ...dead, at: "2026-12-01T03:09:00.000Z" });
			const kept = (await history.deadEvents(1_000)).filter((row) => row.id === id);
			expect(kept).toEqual([
				{
					id,
					queue: "booking-events",
					body: { id, n: [1] },
					attempts: 11,
					firstFailedAt: "2026-12-01T03:00:00.000Z",
					lastError: "last: 503",
					deadAt: "2026-12-01T03:02:00.000Z",
					bookingId: null,
					replayedAt: null,
					replayedBy: null,
					replayReason: null,
				},
			]);
		});
	});
}
