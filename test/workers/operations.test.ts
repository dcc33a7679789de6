import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import {
	SEED_METHODS,
	SEED_STATUSES,
	SEED_TYPES,
	seedBookingsSql,
} from "../../scripts/lib/seed-bookings.mjs";
import { historyRepository } from "../../src/db";
import { call, problem, tokenFor } from "./support";

/**
 * Operators' reads against D1: who may read and act, the booking search with every filter over
 * a few thousand bookings (walked page by page), the summary, and dead events with their replay.
 */
const N = 3_000;
const PREFIX = "opsx";
const RANGE = { from: "2030-01-01T00:00:00Z", to: "2030-12-31T00:00:00Z" };
const createdAt = (i: number) => new Date(Date.parse("2030-01-01T00:00:00Z") + i * 60_000).toISOString();

let viewer: string;
let operator: string;
beforeAll(async () => {
	await env.DB.batch(seedBookingsSql({ n: N, prefix: PREFIX }).map((sql) => env.DB.prepare(sql)));
	viewer = await tokenFor("op_vera", { role: "viewer" });
	operator = await tokenFor("op_ana", { role: "operator" });
});

type Row = {
	id: string;
	status: string;
	paymentMethod: string;
	customerId: string;
	attention: boolean;
	createdAt: string;
};
type Page = { bookings: Row[]; nextCursor: string | null };

const search = async (query: Record<string, string>, token = viewer) => {
	const res = await call("GET", `/internal/bookings?${new URLSearchParams(query)}`, { token });
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	return res.body as Page;
};

/** Every page of a search, in order. */
async function everyPage(query: Record<string, string>): Promise<Row[]> {
	const rows: Row[] = [];
	let cursor: string | null = null;
	do {
		const page: Page = await search({ ...query, limit: "100", ...(cursor ? { cursor } : {}) });
		rows.push(...page.bookings);
		cursor = page.nextCursor;
	} while (cursor);
	return rows;
}

const expected = (keep: (i: number) => boolean) =>
	Array.from({ length: N }, (_, i) => i)
		.filter(keep)
		.reverse()
		.map((i) => `bkg_${PREFIX}${String(i).padStart(6, "0")}`);

describe("who may use /internal", () => {
	it("takes the service token and operator tokens of both roles, and nothing else", async () => {
		for (const token of [env.INTERNAL_SERVICE_TOKEN, viewer, operator]) {
			expect((await call("GET", "/internal/summary", { token })).status).toBe(200);
		}
		const refused = [
			undefined,
			await tokenFor("cust_ops_intruder"),
			await tokenFor("op_norole", { audience: "order-orchestrator-internal" }),
			await tokenFor("op_expired", { role: "operator", ttlSeconds: -60 }),
			await tokenFor("op_elsewhere", { role: "operator", audience: "another-service" }),
			"not-the-service-token",
		];
		for (const token of refused) {
			const res = await call("GET", "/internal/summary", token ? { token } : {});
			expect(res.status).toBe(401);
			expect(res.body).toEqual(problem("UNAUTHORIZED", 401));
		}
	});

	it("lets a viewer read but not act", async () => {
		const res = await call("POST", "/internal/dead-events/evt_none/replay", {
			token: viewer,
			body: { reason: "trying as a viewer" },
		});
		expect(res.status).toBe(403);
		expect(res.body).toEqual(problem("FORBIDDEN", 403));
	});
});

describe("SearchBookings", () => {
	it.each([
		["status", { status: "FAILED" }, (i: number) => SEED_STATUSES[i % 5] === "FAILED"],
		["customerId", { customerId: `${PREFIX}_cust3` }, (i: number) => i % 7 === 3],
		["paymentMethod", { paymentMethod: "GOPAY" }, (i: number) => SEED_METHODS[i % 10] === "GOPAY"],
		["businessType", { businessType: "SHUTTLE" }, (i: number) => SEED_TYPES[i % 4] === "SHUTTLE"],
		["attention", { attention: "true" }, (i: number) => i % 97 === 0],
		["a time window", { from: createdAt(100), to: createdAt(349) }, (i: number) => i >= 100 && i <= 349],
		[
			"status and method together",
			{ status: "ACTIVE", paymentMethod: "DANA" },
			(i: number) => SEED_STATUSES[i % 5] === "ACTIVE" && SEED_METHODS[i % 10] === "DANA",
		],
	])("filters by %s, newest first, across every page", async (_name, filter, keep) => {
		const rows = await everyPage({ ...RANGE, ...filter });
		const want = expected(keep);
		expect(want.filter((id) => !rows.some((row) => row.id === id))).toEqual([]);
		expect(rows.map((row) => row.id)).toEqual(want);
	});

	it("finds one booking by its partner's reference, its payment reference or an id prefix", async () => {
		const one = `bkg_${PREFIX}001234`;
		expect((await search({ partnerRef: `delivery_${PREFIX}001234` })).bookings.map((b: Row) => b.id)).toEqual(
			[one],
		);
		expect((await search({ q: `pay_${PREFIX}001234` })).bookings.map((b: Row) => b.id)).toEqual([one]);
		expect((await search({ q: `bkg_${PREFIX}00123`, limit: "100" })).bookings.map((b: Row) => b.id)).toEqual(
			expected((i) => i >= 1230 && i <= 1239),
		);
	});

	it("answers each row's shape, and a null cursor on the last page", async () => {
		const page = await search({ ...RANGE, customerId: `${PREFIX}_cust0`, limit: "5" });
		expect(page.bookings[0]).toEqual({
			id: expect.stringMatching(/^bkg_/),
			status: expect.any(String),
			paymentStatus: "PAID",
			paymentMethod: expect.any(String),
			total: expect.any(Number),
			customerId: `${PREFIX}_cust0`,
			createdAt: expect.any(String),
			updatedAt: expect.any(String),
			sagaStatus: expect.toSatisfy((v: unknown) => v === null || typeof v === "string"),
			attention: expect.any(Boolean),
		});
		expect(page.nextCursor).toEqual(expect.any(String));
		const last = await search({ partnerRef: `taxi_${PREFIX}000000` });
		expect(last.nextCursor).toBeNull();
	});

	it.each([
		["limit", { limit: "101" }],
		["status", { status: "LOST" }],
		["paymentMethod", { paymentMethod: "BITCOIN" }],
		["from", { from: "yesterday" }],
		["q", { q: "a b" }],
		["cursor", { cursor: "bm9wZQ" }],
		["attention", { attention: "maybe" }],
	])("refuses a bad %s with a problem", async (_name, query) => {
		const res = await call("GET", `/internal/bookings?${new URLSearchParams(query)}`, { token: viewer });
		expect(res.status).toBe(400);
		expect(res.body).toEqual(problem("VALIDATION_FAILED", 400));
	});

	it("walks keyset pages: page 30 is as cheap to reach as page 1", async () => {
		const { results } = await env.DB.prepare(
			"EXPLAIN QUERY PLAN SELECT id FROM bookings WHERE (created_at, id) < ('2030-01-02T00:00:00.000Z', 'bkg_x') ORDER BY created_at DESC, id DESC LIMIT 21",
		).all<{ detail: string }>();
		expect(results.map((r) => r.detail).join("\n")).toMatch(/bookings_created_idx/);
	});
});

describe("GetOperationsSummary", () => {
	it("counts bookings per status, what needs attention and dead events", async () => {
		const res = (await call("GET", "/internal/summary", { token: viewer })) as {
			status: number;
			body: {
				byStatus: Record<string, number>;
				needsAttention: number;
				deadEvents: number;
				sagaMs: { p50: number | null; p99: number | null; n: number };
			};
		};
		expect(res.status).toBe(200);
		for (const status of SEED_STATUSES) {
			expect(res.body.byStatus[status]).toBeGreaterThanOrEqual(N / 5);
		}
		expect(res.body.needsAttention).toBeGreaterThanOrEqual(Math.ceil(N / 97));
		expect(res.body.deadEvents).toEqual(expect.any(Number));
		const { p50, p99, n } = res.body.sagaMs;
		expect(n).toEqual(expect.any(Number));
		if (n === 0) expect([p50, p99]).toEqual([null, null]);
		else expect(p99).toBeGreaterThanOrEqual(p50 ?? 0);
	});
});

describe("dead events", () => {
	it("lists them and replays one once, recording who and why", async () => {
		const history = historyRepository(env);
		const id = `evt_${PREFIX}_dead_${crypto.randomUUID().slice(0, 8)}`;
		await history.recordDeadEvent({
			id,
			queue: "booking-events",
			body: { id, type: "booking.unknown", bookingId: `bkg_${PREFIX}000007`, version: 1 },
			attempts: 11,
			at: new Date().toISOString(),
		});
		const listed = (await call("GET", "/internal/dead-events", { token: viewer })).body as {
			deadEvents: Array<{ id: string; bookingId: string | null; replayedAt: string | null }>;
		};
		expect(listed.deadEvents.find((e) => e.id === id)).toMatchObject({
			bookingId: `bkg_${PREFIX}000007`,
			replayedAt: null,
		});
		expect((await search({ q: `bkg_${PREFIX}000007` })).bookings[0]?.attention).toBe(true);

		const first = await call("POST", `/internal/dead-events/${id}/replay`, {
			token: operator,
			body: { reason: "Notification service is back" },
		});
		expect(first).toMatchObject({ status: 200, body: { id, replayed: true, replayedBy: "op_ana" } });
		const again = await call("POST", `/internal/dead-events/${id}/replay`, {
			token: env.INTERNAL_SERVICE_TOKEN,
			body: { reason: "Trying once more" },
		});
		expect(again.body).toEqual({ ...(first.body as object), replayed: false });
		const row = await env.DB.prepare("SELECT replayed_by, replay_reason FROM dead_events WHERE id = ?")
			.bind(id)
			.first();
		expect(row).toEqual({ replayed_by: "op_ana", replay_reason: "Notification service is back" });
	});

	it("refuses a missing reason or an unknown event, changing nothing", async () => {
		const none = await call("POST", "/internal/dead-events/evt_missing_xyz/replay", {
			token: operator,
			body: { reason: "Replaying a ghost" },
		});
		expect(none.status).toBe(404);
		expect(none.body).toEqual(problem("DEAD_EVENT_NOT_FOUND", 404));
		const short = await call("POST", "/internal/dead-events/evt_missing_xyz/replay", {
			token: operator,
			body: { reason: "no" },
		});
		expect(short.status).toBe(400);
		expect(short.body).toEqual(problem("VALIDATION_FAILED", 400));
	});
});
