// A chaos run against the real `npm start` stack: many orders across business types, quantities
// and all ten payment methods, under sandbox faults on partners and refunds, with steering notes,
// replayed, reordered and stale webhooks, late payments, partner cancellations while other items
// complete, and the whole stack SIGKILLed and restarted on the same state while all this is under
// way. It ends by checking, from every party, what must always hold (see checks.mjs), and
// resolves with a JSON report.

import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { pool } from "../../../bench/lib/api.mjs";
import { startStack } from "../stack.mjs";
import { queryLocalD1, ROOT, readDevVars } from "../workers.mjs";
import {
	gather,
	historyProblem,
	monotonicProblem,
	partnerProblem,
	paymentProblem,
	refundProblem,
	settledProblem,
	viewProblem,
} from "./checks.mjs";
import { ChaosHttp } from "./http.mjs";
import { driveOrder, readBooking } from "./orders.mjs";
import { planOrder } from "./plan.mjs";

/** Short clocks, so expiry, retries and confirmations all happen within the run. */
const STACK_ENV = {
	WRANGLER_LOG: "warn",
	DURATION_WAITING_FOR_PAYMENT: "12s",
	SAGA_STEP_DEADLINE: "25s",
	PARTNER_TIMEOUT: "2s",
	UPSTREAM_TIMEOUT: "5s",
	SAGA_ATTENTION_THRESHOLD: "6",
	REFUND_CONFIRM_DELAY: "300ms",
	PARTNER_TIMEOUT_HOLD: "3s",
	ASYNC_CONFIRM_DELAY: "700ms",
};

/** Faults while orders run: partners fail or time out now and then; refunds fail one time in five. */
const FAULTS = [
	{ target: "TAXI", failRate: 0.1, timeoutRate: 0.03, latencyMs: 20 },
	{ target: "RENT", failRate: 0.1, timeoutRate: 0.03, latencyMs: 40 },
	{ target: "DELIVERY", failRate: 0.1, timeoutRate: 0.03, latencyMs: 20 },
	{ target: "SHUTTLE", failRate: 0.1, timeoutRate: 0.03, latencyMs: 30 },
	{ target: "REFUND", failRate: 0.2, timeoutRate: 0, latencyMs: 0 },
];

export async function runChaos({
	orders = 60,
	seed = Math.floor(Math.random() * 2 ** 31),
	kills = 2,
	concurrency = 6,
	settleTimeoutMs = 180_000,
	log = () => {},
	echo = false,
} = {}) {
	const started = Date.now();
	const devVars = readDevVars(path.join(ROOT, ".dev.vars"));
	const example = readDevVars(path.join(ROOT, ".dev.vars.example"));
	const secret = devVars.PAYMENT_WEBHOOK_SECRET ?? example.PAYMENT_WEBHOOK_SECRET;
	const internalToken = devVars.INTERNAL_SERVICE_TOKEN ?? example.INTERNAL_SERVICE_TOKEN;
	log(`chaos: seed ${seed}, ${orders} orders, ${kills} kills`);

	const http = new ChaosHttp();
	let stack = await startStack({ env: STACK_ENV, echo });
	http.use(stack);
	const kept = { port: stack.port, sandboxPort: stack.sandboxPort, stateDir: stack.stateDir };
	const crashes = [];
	try {
		for (const fault of FAULTS) await http.sandbox("POST", "/control/faults", { body: fault });

		// The whole stack dies (SIGKILL) while orders are under way, and comes back on its state.
		let done = 0;
		const killAt = Array.from({ length: kills }, (_, i) => Math.floor(((i + 1) * orders) / (kills + 1.5)));
		let crashing = Promise.resolve();
		const crash = async () => {
			const at = Date.now();
			let restarted;
			http.down(new Promise((resolve) => (restarted = resolve)));
			await stack.kill();
			stack = await startStack({ env: STACK_ENV, echo, ...kept });
			http.use(stack);
			restarted();
			// Faults are kept by the sandbox's own DO; nothing to set again.
			crashes.push({ afterOrders: done, downMs: Date.now() - at });
			log(`chaos: stack killed after ${done} orders, back in ${Date.now() - at} ms`);
		};

		const limits = limitCheck(http, seed);
		const plans = Array.from({ length: orders }, (_, i) => planOrder(seed, i));
		const records = await pool(orders, concurrency, async (i) => {
			const record = await driveOrder(http, plans[i], { secret, log });
			done += 1;
			if (killAt.includes(done)) crashing = crashing.then(crash);
			return record;
		});
		await crashing;
		const limitResult = await limits;

		// Nothing more is done to the orders: with the faults gone, everything must settle.
		await http.sandbox("DELETE", "/control/faults");
		const booked = records.filter((r) => r.bookingId);
		const settled = await settle(http, booked, internalToken, settleTimeoutMs);

		// Every booking, as every party holds it.
		const held = new Map();
		for (const record of booked) {
			await readBooking(http, record);
			held.set(record.bookingId, await gather(http, record, internalToken));
		}
		const readRows = async () =>
			new Map(
				(
					await queryLocalD1(
						path.join(stack.stateDir, "orchestrator"),
						"SELECT id, status, version FROM bookings",
					)
				).map((row) => [row.id, row]),
			);
		let rows = await readRows();
		// A settled booking may still take a late step (the receipt the queue asked for) between
		// its read and D1's: the history must catch up with it, so a mismatch is read again, both
		// sides, for a few seconds before it counts.
		for (let round = 0; round < 10; round++) {
			const behind = booked.filter((r) => historyProblem(rows.get(r.bookingId), held.get(r.bookingId)));
			if (behind.length === 0) break;
			await sleep(500);
			for (const record of behind) {
				await readBooking(http, record);
				held.set(record.bookingId, await gather(http, record, internalToken));
			}
			rows = await readRows();
		}
		const checks = {
			settled: check(booked, (r) => settledProblem(held.get(r.bookingId))),
			noLostPayment: check(booked, (r) => paymentProblem(held.get(r.bookingId))),
			refundsKnown: check(booked, (r) => refundProblem(held.get(r.bookingId))),
			partnerBookings: check(booked, (r) => partnerProblem(held.get(r.bookingId))),
			historyEqualsLive: check(booked, (r) => historyProblem(rows.get(r.bookingId), held.get(r.bookingId))),
			customerViewEqualsLive: check(booked, (r) => viewProblem(r, held.get(r.bookingId))),
			neverBackwards: check(booked, (r) => monotonicProblem(r)),
			limits: limitResult,
			no5xx: { ok: http.fiveHundreds.length === 0, failures: http.fiveHundreds.slice(0, 20) },
		};
		const outcomes = {};
		for (const record of records) {
			const state = held.get(record.bookingId)?.internal?.booking;
			const key = record.refused
				? `refused:${record.refused.code ?? record.refused.status}`
				: `${state?.status}/${state?.payment.status}`;
			outcomes[key] = (outcomes[key] ?? 0) + 1;
		}
		return {
			ok: Object.values(checks).every((c) => c.ok),
			seed,
			config: { orders, kills, concurrency, stack: STACK_ENV, faults: FAULTS },
			durationMs: Date.now() - started,
			settleMs: settled.ms,
			crashes,
			outcomes,
			http: { byStatus: http.byStatus, retriedAcrossCrashes: http.retried },
			checks,
			orders: records.map((r) => ({
				index: r.plan.index,
				bookingId: r.bookingId,
				plan: { ...r.plan, sub: undefined },
				steps: r.steps,
				...(r.refused ? { refused: r.refused } : {}),
			})),
		};
	} finally {
		await stack.stop();
	}
}

function check(records, problemOf) {
	const failures = [];
	for (const record of records) {
		const problem = problemOf(record);
		if (problem) failures.push({ bookingId: record.bookingId, order: record.plan.index, problem });
	}
	return { ok: failures.length === 0, checked: records.length, failures };
}

/** Waits until every booking has nothing left to happen on its own, or the time is up. */
async function settle(http, records, internalToken, timeoutMs) {
	const started = Date.now();
	let open = records;
	while (open.length > 0 && Date.now() - started < timeoutMs) {
		const still = [];
		for (const record of open) {
			if (settledProblem(await gather(http, record, internalToken))) still.push(record);
		}
		open = still;
		if (open.length > 0) await sleep(1_000);
	}
	return { ms: Date.now() - started, open: open.map((r) => r.bookingId) };
}

/**
 * Limits enforced and released: one customer asks for three GOPAY bookings at once (two are the
 * most it may hold unfinished), cancels them, and may then book again.
 */
async function limitCheck(http, seed) {
	const sub = `chaos_${seed}_limits`;
	const token = (await http.sandbox("POST", "/auth/token", { body: { sub } })).body.token;
	const trip = {
		pickup: { lat: -6.1754, lng: 106.8272, address: "Monas, Jakarta" },
		dropoff: { lat: -6.2255, lng: 106.8023, address: "Senayan, Jakarta" },
		pickupAt: new Date(Date.now() + 86_400_000).toISOString(),
	};
	const search = await http.api("POST", "/v1/searches", {
		token,
		body: { businessType: "TAXI", details: trip },
	});
	const order = async (n) => {
		const cart = await http.api("POST", "/v1/carts", {
			token,
			headers: { "idempotency-key": `${sub}-cart-${n}` },
		});
		const { sessionId, fleets } = search.body;
		const details = { ...trip, passenger: { name: "Limit Tester", phone: "+6281200000000" } };
		await http.api("POST", `/v1/carts/${cart.body.id}/items`, {
			token,
			headers: { "idempotency-key": `${sub}-item-${n}` },
			body: { businessType: "TAXI", sessionId, fleetId: fleets[0].fleetId, quantity: 1, details },
		});
		return http.api("POST", "/v1/orders", {
			token,
			headers: { "idempotency-key": `${sub}-order-${n}` },
			body: {
				cartId: cart.body.id,
				paymentMethod: "GOPAY",
				customer: { name: "Limit Tester", email: "limits@example.com", phone: "+6281200000000" },
			},
		});
	};
	const failures = [];
	const first = await Promise.all([1, 2, 3].map(order));
	const made = first.filter((r) => r.status === 201);
	const refused = first.filter((r) => r.status === 409 && r.body?.code === "PAYMENT_METHOD_LIMIT");
	if (made.length !== 2 || refused.length !== 1)
		failures.push({ problem: `3 concurrent GOPAY orders: ${first.map((r) => r.status).join(", ")}` });
	for (const r of made) await http.api("POST", `/v1/bookings/${r.body.booking.id}/cancel`, { token });
	// The release is delivered by the booking's outbox; give it a moment.
	let again;
	for (let attempt = 0; attempt < 30; attempt++) {
		again = await order(4 + attempt);
		if (again.status === 201) break;
		await sleep(500);
	}
	if (again?.status !== 201)
		failures.push({ problem: `after canceling, GOPAY still refused: ${again?.status}` });
	else await http.api("POST", `/v1/bookings/${again.body.booking.id}/cancel`, { token });
	return { ok: failures.length === 0, failures };
}
