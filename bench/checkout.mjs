// `node bench/checkout.mjs`: checkout and payment-webhook throughput and latency against the
// real `npm start` stack (CART_TTL=1d, the default 30 min payment window).
//
// Scenarios, in this order:
//   health         GET /health at concurrency 10 for BENCH_HEALTH_SECONDS (default 3) after a
//                  1 s warm-up: the floor, what the local runtime (workerd) costs for a no-op route
//   checkoutC1     BENCH_C1_CHECKOUTS (default 30) checkouts one after another
//   checkoutC10    BENCH_C10_CHECKOUTS (default 200) checkouts, 10 in flight
//                  One checkout, timed from the first request to the last:
//                    POST /v1/orders (GOPAY) → POST <sandbox>/payments/<id>/simulate PAID →
//                    GET /v1/bookings/<id> every BENCH_POLL_MS (default 10) until ACTIVE
//                  (the sandbox's signed webhook activates the booking). Each checkout has its own
//                  customer (GOPAY allows 2 unfinished bookings per customer) and a cart with a
//                  TAXI and a RENT item, prepared beforehand and not timed.
//   webhookAck     BENCH_WEBHOOKS (default 1000) signed POST /v1/callbacks/payment at concurrency
//                  10 (autocannon): redeliveries of the payment.paid events the processor already
//                  delivered for the checkouts above, with BENCH_FIRST_DELIVERIES (default 20)
//                  first deliveries (payment.paid for unpaid bookings) spread among them
//   webhookFirst   BENCH_FIRST_ONLY (default 50) first deliveries only, at concurrency 10
// Webhooks are signed like the processor signs them: X-Signature: t=<unix>,v1=<hex
// HMAC-SHA256(PAYMENT_WEBHOOK_SECRET, "<t>.<raw body>")>, with the dev secret.
//
// The local runner reloads a worker when its sources change, which may fail requests in flight:
// the run watches src/, sandbox/src/ and the wrangler.toml files and reports any change under
// `validity`, as such a run's numbers are not comparable.
//
// Prints one JSON document on stdout and saves it as bench/results/checkout-<timestamp>.json.
// Progress goes to stderr; BENCH_VERBOSE=1 also echoes the stack's output. Worker request logs
// are off (WRANGLER_LOG=warn) unless WRANGLER_LOG says otherwise.

import { execFileSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { jakartaTime, pool } from "./lib/api.mjs";
import { measure, summary } from "./lib/measure.mjs";
import {
	finishReport,
	machineInfo,
	simulatePaid,
	sourceValidity,
	startBenchStack,
	watchSources,
} from "./lib/report.mjs";

function count(name, fallback) {
	const raw = process.env[name];
	if (raw === undefined || raw === "") return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got ${raw}`);
	return value;
}

const CONNECTIONS = 10;
const LANES = 10; // search sessions, one per concurrent customer, so quotes do not queue on one
const PREPARE_CONCURRENCY = 6;
const WARMUP_CHECKOUTS = 5;
const ACTIVE_TIMEOUT_MS = 15_000;
const WEBHOOK_SECRET = process.env.PAYMENT_WEBHOOK_SECRET ?? "whsec_dev_payment";
const c1Checkouts = count("BENCH_C1_CHECKOUTS", 30);
const c10Checkouts = count("BENCH_C10_CHECKOUTS", 200);
const webhookRequests = count("BENCH_WEBHOOKS", 1000);
const firstDeliveries = count("BENCH_FIRST_DELIVERIES", 20);
const firstOnly = count("BENCH_FIRST_ONLY", 50);
const pollMs = count("BENCH_POLL_MS", 10);
const healthSeconds = count("BENCH_HEALTH_SECONDS", 3);
const wranglerLog = process.env.WRANGLER_LOG ?? "warn";
const cartTtl = "1d";

const load1m = () => round(os.loadavg()[0]);
const log = (message) => console.error(`[bench] ${message}`);
const round = (value, digits = 2) => Number(value.toFixed(digits));
const ratio = (value, floor) => (floor > 0 ? round(value / floor) : null);

const taxi = {
	pickup: { lat: -6.1754, lng: 106.8272, address: "Monas, Jakarta" },
	dropoff: { lat: -6.2255, lng: 106.8023, address: "Senayan, Jakarta" },
	pickupAt: jakartaTime(24),
};
const rent = { city: "Jakarta", startAt: jakartaTime(48), endAt: jakartaTime(96), withDriver: true };
const contact = { name: "Budi Santoso", email: "budi@example.com", phone: "+6281234567890" };
const runId = Math.random().toString(36).slice(2, 8);

/** One TAXI and one RENT AddCartItem body per lane, from real searches. */
async function searchLanes(stack) {
	const minted = await prepClient(stack.sandboxUrl)("POST", "/auth/token", {
		sub: `cust_bench_search_${runId}`,
	});
	const api = prepClient(stack.url, minted.token);
	return pool(LANES, 5, async () => {
		const [t, r] = await Promise.all([
			api("POST", "/v1/searches", { businessType: "TAXI", details: taxi }),
			api("POST", "/v1/searches", { businessType: "RENT", details: rent }),
		]);
		if (!t.fleets[0] || !r.fleets[0]) throw new Error("a search returned no fleets");
		return [
			{
				businessType: "TAXI",
				sessionId: t.sessionId,
				fleetId: t.fleets[0].fleetId,
				quantity: 1,
				details: { ...taxi, passenger: { name: "Siti Rahayu", phone: "+6281298765432" } },
			},
			{
				businessType: "RENT",
				sessionId: r.sessionId,
				fleetId: r.fleets[0].fleetId,
				quantity: 1,
				details: rent,
			},
		];
	});
}

/**
 * Like bench/lib/api.mjs's client, for the untimed preparation: every request carries an
 * Idempotency-Key, so one that meets a worker reload (a 503 or a dropped connection) is retried
 * safely instead of failing the whole run.
 */
function prepClient(baseUrl, token) {
	return async function request(method, path, body, key) {
		for (let attempt = 1; ; attempt++) {
			let response;
			try {
				response = await fetch(`${baseUrl}${path}`, {
					method,
					headers: {
						accept: "application/json",
						...(token ? { authorization: `Bearer ${token}` } : {}),
						...(body === undefined ? {} : { "content-type": "application/json" }),
						...(key ? { "idempotency-key": key } : {}),
					},
					body: body === undefined ? undefined : JSON.stringify(body),
					signal: AbortSignal.timeout(15_000),
				});
			} catch (error) {
				// The runtime restarting under a reload drops the connection.
				if (error.name !== "TypeError" || attempt >= 5) throw error;
				reloadsMet++;
				await sleep(500 * attempt);
				continue;
			}
			const text = await response.text();
			if (response.ok) return text ? JSON.parse(text) : {};
			if (response.status === 503 && attempt < 5) {
				reloadsMet++;
				await sleep(500 * attempt);
				continue;
			}
			throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
		}
	};
}
let reloadsMet = 0;

/** `n` customers, each with a token and an OPEN cart holding a TAXI and a RENT item. */
async function prepareCarts(stack, lanes, n, label) {
	const identity = prepClient(stack.sandboxUrl);
	return pool(n, PREPARE_CONCURRENCY, async (i) => {
		const customer = `cust_bench_${label}_${runId}_${i}`;
		const { token } = await identity("POST", "/auth/token", { sub: customer });
		const api = prepClient(stack.url, token);
		const cart = await api("POST", "/v1/carts", undefined, `${customer}:cart`);
		for (const [line, item] of lanes[i % LANES].entries()) {
			await api("POST", `/v1/carts/${cart.id}/items`, item, `${customer}:item:${line}`);
		}
		return { token, cartId: cart.id, api };
	});
}

/** The JSON body; a body that is not JSON fails with the status and the text. */
async function jsonOf(response, what) {
	const text = await response.text();
	try {
		return JSON.parse(text);
	} catch {
		throw new Error(`${what} answered ${response.status} with a non-JSON body: ${text.slice(0, 200)}`);
	}
}

/** Timed: CreateOrder → simulate PAID at the processor → poll the booking until ACTIVE. */
async function checkout(stack, { token, cartId }) {
	const started = performance.now();
	const ordered = await fetch(`${stack.url}/v1/orders`, {
		method: "POST",
		headers: {
			accept: "application/json",
			authorization: `Bearer ${token}`,
			"content-type": "application/json",
		},
		body: JSON.stringify({ cartId, paymentMethod: "GOPAY", customer: contact }),
		signal: AbortSignal.timeout(15_000),
	});
	const order = await jsonOf(ordered, "CreateOrder");
	const createdAt = performance.now();
	if (ordered.status !== 201)
		throw new Error(`CreateOrder answered ${ordered.status}: ${JSON.stringify(order)}`);
	const paymentId = order.payment.url?.split("/pay/")[1];
	if (!paymentId) throw new Error(`CreateOrder gave no payment link: ${JSON.stringify(order.payment)}`);
	await simulatePaid(stack.sandboxUrl, paymentId);
	const paidAt = performance.now();
	let polls = 0;
	for (;;) {
		polls++;
		const read = await fetch(`${stack.url}/v1/bookings/${order.booking.id}`, {
			headers: { accept: "application/json", authorization: `Bearer ${token}` },
			signal: AbortSignal.timeout(15_000),
		});
		const booking = await jsonOf(read, "GetBookingDetail");
		if (read.status !== 200)
			throw new Error(`GetBookingDetail answered ${read.status}: ${JSON.stringify(booking)}`);
		if (booking.status !== "CREATED") {
			const done = performance.now();
			if (booking.status !== "ACTIVE" && booking.status !== "COMPLETED") {
				throw new Error(`booking ${booking.id} became ${booking.status}, not ACTIVE`);
			}
			return {
				bookingId: booking.id,
				paymentId,
				amount: booking.payment.amount,
				totalMs: done - started,
				createOrderMs: createdAt - started,
				simulateMs: paidAt - createdAt,
				activationMs: done - paidAt,
				polls,
			};
		}
		if (performance.now() - started > ACTIVE_TIMEOUT_MS) {
			throw new Error(`booking ${booking.id} still ${booking.status} after ${ACTIVE_TIMEOUT_MS} ms`);
		}
		if (pollMs > 0) await sleep(pollMs);
	}
}

/** Runs the prepared checkouts with `concurrency` in flight; failures are counted, not fatal. */
async function checkouts(stack, prepared, concurrency, meter) {
	const results = [];
	const failures = [];
	const loadAtStart = load1m();
	const cpuBefore = meter?.sample();
	const started = performance.now();
	await pool(prepared.length, concurrency, async (i) => {
		try {
			results.push(await checkout(stack, prepared[i]));
		} catch (error) {
			failures.push(String(error.message ?? error).slice(0, 300));
		}
	});
	const seconds = (performance.now() - started) / 1000;
	const cpu = meter?.since(cpuBefore) ?? null;
	return {
		report: {
			loadAverage1mAtStart: loadAtStart,
			concurrency,
			checkouts: prepared.length,
			completed: results.length,
			failed: failures.length,
			...(failures.length ? { failures: failures.slice(0, 5) } : {}),
			seconds: round(seconds),
			checkoutsPerSecond: round(results.length / seconds),
			checkoutMs: summary(results.map((r) => r.totalMs)),
			createOrderMs: summary(results.map((r) => r.createOrderMs)),
			simulatePaidMs: summary(results.map((r) => r.simulateMs)),
			paidToActiveSeenMs: summary(results.map((r) => r.activationMs)),
			pollsPerCheckout: round(results.reduce((sum, r) => sum + r.polls, 0) / Math.max(1, results.length)),
			cpu,
			// CPU the stack spent per completed checkout, including the work each payment sets off
			// in the background while the run lasts (history projection, events, partner bookings).
			stackCpuMsPerCheckout: stackCpuMsPer(cpu, results.length),
		},
		results,
	};
}

/**
 * Waits (up to 15 s) until the stack is nearly idle: the background work set off by earlier
 * payments (history projection, events, partner bookings, receipts) would otherwise be billed
 * to the next scenario. Resolves with the seconds waited.
 */
async function settle(meter) {
	const started = performance.now();
	for (let i = 0; i < 15; i++) {
		const before = meter.sample();
		if (!before) return 0;
		await sleep(1_000);
		const cpu = meter.since(before);
		const { benchClient, ...stack } = cpu.cpuSeconds;
		if (Object.values(stack).reduce((sum, s) => sum + s, 0) < 0.1) break; // < 10% of a core
	}
	return round((performance.now() - started) / 1000);
}

/** CPU ms the stack (both workers and the runner, not this client) spent per unit of work. */
function stackCpuMsPer(cpu, units) {
	if (!cpu || units === 0) return null;
	const { benchClient, ...stack } = cpu.cpuSeconds;
	return round((Object.values(stack).reduce((sum, s) => sum + s, 0) * 1000) / units);
}

/** An X-Signature header over the raw body, as the payment processor signs its webhooks. */
function signature(body) {
	const t = Math.floor(Date.now() / 1000);
	const v1 = createHmac("sha256", WEBHOOK_SECRET).update(`${t}.${body}`).digest("hex");
	return `t=${t},v1=${v1}`;
}

/** A payment.paid event like the processor's, for a booking nobody has paid yet. */
function firstDeliveryBody({ bookingId, paymentId, amount }, n) {
	const at = new Date().toISOString();
	return JSON.stringify({
		id: `evt_bench_${runId}_${n}`,
		type: "payment.paid",
		createdAt: at,
		data: {
			paymentId,
			reference: bookingId,
			amount,
			currency: "IDR",
			method: "GOPAY",
			status: "PAID",
			paidAt: at,
		},
	});
}

/** Unpaid GOPAY bookings (their links stay open: the payment window is 30 min). */
async function unpaidBookings(stack, lanes, n, label) {
	const carts = await prepareCarts(stack, lanes, n, label);
	return pool(n, PREPARE_CONCURRENCY, async (i) => {
		const { api, cartId } = carts[i];
		const order = await api(
			"POST",
			"/v1/orders",
			{ cartId, paymentMethod: "GOPAY", customer: contact },
			`${cartId}:order`,
		);
		return {
			api,
			bookingId: order.booking.id,
			paymentId: order.payment.url.split("/pay/")[1],
			amount: order.booking.payment.amount,
		};
	});
}

/**
 * Signed webhooks at concurrency 10, from a plain loop (fetch, keep-alive): `plan[n]` is the
 * n-th request, `{ kind: "redelivery" | "first", body }`. Each answer is timed and checked: a
 * first delivery must change its booking, a redelivery must be acknowledged as a duplicate.
 */
async function webhookScenario(stack, plan, meter) {
	const latencies = { all: [], redelivery: [], first: [] };
	const acks = { firstApplied: 0, duplicates: 0, unexpected: 0, non200: 0 };
	const loadAtStart = load1m();
	const cpuBefore = meter?.sample();
	const started = performance.now();
	await pool(plan.length, CONNECTIONS, async (n) => {
		const { kind, body } = plan[n];
		const sentAt = performance.now();
		const response = await fetch(`${stack.url}/v1/callbacks/payment`, {
			method: "POST",
			headers: { "content-type": "application/json", "x-signature": signature(body) },
			body,
			signal: AbortSignal.timeout(15_000),
		});
		const text = await response.text();
		const ms = performance.now() - sentAt;
		latencies.all.push(ms);
		latencies[kind].push(ms);
		if (response.status !== 200) {
			acks.non200++;
			acks.firstError ??= `${response.status} ${text.slice(0, 300)}`;
			return;
		}
		const ack = JSON.parse(text);
		if (kind === "first" && ack.changed && !ack.duplicate && ack.bookingStatus === "ACTIVE")
			acks.firstApplied++;
		else if (kind === "redelivery" && ack.duplicate && !ack.changed) acks.duplicates++;
		else {
			acks.unexpected++;
			acks.firstUnexpected ??= { kind, ack };
		}
	});
	const seconds = (performance.now() - started) / 1000;
	const cpu = meter?.since(cpuBefore) ?? null;
	return {
		loadAverage1mAtStart: loadAtStart,
		requests: plan.length,
		rps: round(plan.length / seconds, 1),
		...summary(latencies.all),
		cpu,
		stackCpuMsPerRequest: stackCpuMsPer(cpu, plan.length),
		...(latencies.first.length && latencies.redelivery.length
			? { redeliveryMs: summary(latencies.redelivery), firstDeliveryMs: summary(latencies.first) }
			: {}),
		acks,
	};
}

/** GET /health from the same plain loop as the webhooks: the floor for that client. */
async function healthLoop(stack, requests) {
	const latencies = [];
	const started = performance.now();
	await pool(requests, CONNECTIONS, async () => {
		const sentAt = performance.now();
		const response = await fetch(`${stack.url}/health`, { signal: AbortSignal.timeout(15_000) });
		await response.arrayBuffer();
		latencies.push(performance.now() - sentAt);
	});
	return {
		requests,
		rps: round(requests / ((performance.now() - started) / 1000), 1),
		...summary(latencies),
	};
}

async function run(stack) {
	const meter = cpuMeter(stack.child.pid);
	log(`searching (${LANES} TAXI + ${LANES} RENT sessions)`);
	const lanes = await searchLanes(stack);

	log(`health (floor): warm-up 1s, then ${healthSeconds}s`);
	await measure({ url: `${stack.url}/health`, connections: CONNECTIONS, duration: 1 });
	const healthCpu = meter.sample();
	const health = {
		...(await measure({ url: `${stack.url}/health`, connections: CONNECTIONS, duration: healthSeconds })),
	};
	health.cpu = meter.since(healthCpu);
	health.stackCpuMsPerRequest = stackCpuMsPer(health.cpu, health.requests);

	const checkoutCount = WARMUP_CHECKOUTS + c1Checkouts + c10Checkouts;
	log(`preparing ${checkoutCount} customers with a 2-item cart each`);
	let prepStarted = performance.now();
	const carts = await prepareCarts(stack, lanes, checkoutCount, "checkout");
	const unpaidCount = firstDeliveries + firstOnly;
	log(`preparing ${unpaidCount} unpaid GOPAY bookings for first webhook deliveries`);
	const unpaid = await unpaidBookings(stack, lanes, unpaidCount, "unpaid");
	const prepareSeconds = round((performance.now() - prepStarted) / 1000);

	log(`warm-up: ${WARMUP_CHECKOUTS} checkouts, unmeasured`);
	const warm = await checkouts(stack, carts.slice(0, WARMUP_CHECKOUTS), 1, meter);
	if (warm.report.failed > 0) throw new Error(`warm-up checkouts failed: ${warm.report.failures.join("; ")}`);

	const settled = {};
	settled.beforeC1 = await settle(meter);
	log(`checkout at concurrency 1: ${c1Checkouts} checkouts`);
	const c1 = await checkouts(stack, carts.slice(WARMUP_CHECKOUTS, WARMUP_CHECKOUTS + c1Checkouts), 1, meter);
	settled.beforeC10 = await settle(meter);
	log(`checkout at concurrency 10: ${c10Checkouts} checkouts`);
	const c10 = await checkouts(stack, carts.slice(WARMUP_CHECKOUTS + c1Checkouts), 10, meter);

	// Redeliveries: the exact payment.paid events the processor already delivered.
	prepStarted = performance.now();
	const applied = [...warm.results, ...c1.results, ...c10.results];
	const delivered = await pool(applied.length, PREPARE_CONCURRENCY, async (i) => {
		const payment = await prepClient(stack.sandboxUrl)("GET", `/payments/${applied[i].paymentId}`);
		const event = payment.events.find((e) => e.type === "payment.paid");
		if (!event) throw new Error(`payment ${applied[i].paymentId} has no payment.paid event`);
		return JSON.stringify(event);
	});
	if (delivered.length === 0 && webhookRequests > 0) throw new Error("no completed checkout to redeliver");

	// First deliveries spread evenly among the redeliveries.
	const mixed = unpaid.slice(0, firstDeliveries);
	const firstAt = new Map(
		mixed.map((_, i) => [Math.floor(((i + 0.5) * webhookRequests) / Math.max(1, mixed.length)), i]),
	);
	const mixedPlan = Array.from({ length: webhookRequests }, (_, n) => {
		const first = firstAt.get(n);
		return first === undefined
			? { kind: "redelivery", body: delivered[n % delivered.length] }
			: { kind: "first", body: firstDeliveryBody(mixed[first], n) };
	});
	const redeliveryPrepareSeconds = round((performance.now() - prepStarted) / 1000);
	settled.beforeWebhooks = await settle(meter);
	log("webhook floor: GET /health x1000 from the same client loop");
	await healthLoop(stack, 200);
	const healthFromLoop = await healthLoop(stack, 1000);
	let webhookAck;
	if (webhookRequests > 0) {
		log(
			`webhook ack: ${webhookRequests} signed callbacks (${mixed.length} first deliveries), concurrency 10`,
		);
		webhookAck = await webhookScenario(stack, mixedPlan, meter);
	}
	const only = unpaid.slice(firstDeliveries);
	let webhookFirst;
	if (only.length > 0) {
		settled.beforeFirstDeliveries = await settle(meter);
		log(`webhook first deliveries only: ${only.length} signed callbacks, concurrency 10`);
		webhookFirst = await webhookScenario(
			stack,
			only.map((booking, n) => ({ kind: "first", body: firstDeliveryBody(booking, `only_${n}`) })),
			meter,
		);
	}

	// Every first delivery must have activated its booking.
	const notActive = [];
	await pool(unpaid.length, PREPARE_CONCURRENCY, async (i) => {
		const booking = await unpaid[i].api("GET", `/v1/bookings/${unpaid[i].bookingId}`);
		if (booking.status === "CREATED" || booking.status === "CANCELED")
			notActive.push(`${booking.id}:${booking.status}`);
	});

	const p = (scenario, key) => scenario?.[key] ?? null;
	return {
		scenarios: {
			health,
			checkoutC1: c1.report,
			checkoutC10: c10.report,
			healthFromWebhookClient: healthFromLoop,
			webhookAck: webhookAck && {
				...webhookAck,
				mix: { redeliveries: webhookRequests - mixed.length, firstDeliveries: mixed.length },
				targetP99Ms: 50,
				meetsTarget: webhookAck.p99 < 50,
			},
			webhookFirstDeliveries: webhookFirst && {
				...webhookFirst,
				targetP99Ms: 50,
				meetsTarget: webhookFirst.p99 < 50,
			},
		},
		ratios: {
			checkoutC1P50VsFloor: ratio(c1.report.checkoutMs.p50, health.p50),
			checkoutC10P50VsFloor: ratio(c10.report.checkoutMs.p50, health.p50),
			createOrderC1P50VsFloor: ratio(c1.report.createOrderMs.p50, health.p50),
			createOrderC10P50VsFloor: ratio(c10.report.createOrderMs.p50, health.p50),
			// The webhook loop's own floor (same client): what is left is the orchestrator's work.
			webhookAckP50VsFloor: ratio(p(webhookAck, "p50"), healthFromLoop.p50),
			webhookAckP99VsFloor: ratio(p(webhookAck, "p99"), healthFromLoop.p99),
			webhookFirstP50VsFloor: ratio(p(webhookFirst, "p50"), healthFromLoop.p50),
			webhookFirstP99VsFloor: ratio(p(webhookFirst, "p99"), healthFromLoop.p99),
		},
		checks: {
			firstDeliveriesNotActive: notActive.length,
			...(notActive.length ? { notActive: notActive.slice(0, 5) } : {}),
		},
		setup: {
			searchLanes: LANES,
			warmupCheckouts: WARMUP_CHECKOUTS,
			preparedCarts: carts.length,
			preparedUnpaidBookings: unpaid.length,
			prepareSeconds,
			redeliveryPrepareSeconds,
			pollIntervalMs: pollMs,
			// Seconds waited for the stack to go idle before each scenario.
			settledSeconds: settled,
		},
	};
}

/**
 * CPU time of the stack's processes (Linux /proc), by worker and process: the orchestrator's
 * and the sandbox's workerd and node (scripts/serve.mjs or wrangler, and the bundler) processes, and the runner (npm,
 * scripts/dev.mjs); plus this client. `sample()` returns totals in ms; `since(before)`
 * the difference. Without /proc it returns null.
 */
function cpuMeter(rootPid) {
	let tick = 100;
	try {
		tick = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
	} catch {}
	const readProcs = () => {
		const procs = new Map();
		for (const name of readdirSync("/proc")) {
			if (!/^\d+$/.test(name)) continue;
			try {
				const stat = readFileSync(`/proc/${name}/stat`, "utf8");
				const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
				const cmdline = readFileSync(`/proc/${name}/cmdline`, "utf8").replaceAll("\0", " ");
				procs.set(Number(name), {
					ppid: Number(fields[1]),
					ms: ((Number(fields[11]) + Number(fields[12])) * 1000) / tick,
					cmdline,
				});
			} catch {} // the process ended meanwhile
		}
		return procs;
	};
	const groupOf = (procs, pid) => {
		for (let at = pid; at && at !== rootPid; at = procs.get(at)?.ppid) {
			const cmdline = procs.get(at)?.cmdline ?? "";
			const worker = cmdline.includes("serve.mjs") || /\bdev\b/.test(cmdline);
			if (worker && cmdline.includes("sandbox/wrangler.toml")) return "sandbox";
			if (worker && cmdline.includes("wrangler.toml")) return "orchestrator";
		}
		return "runner";
	};
	const isUnder = (procs, pid) => {
		for (let at = pid; at; at = procs.get(at)?.ppid) if (at === rootPid) return true;
		return false;
	};
	const KEYS = ["orchestratorWorkerd", "orchestratorNode", "sandboxWorkerd", "sandboxNode", "runner"];
	/** Busy and total jiffies of the whole machine, from the first line of /proc/stat. */
	const machine = () => {
		const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
		const total = cpu.reduce((sum, v) => sum + v, 0);
		return { busy: total - cpu[3] - (cpu[4] ?? 0), total };
	};
	return {
		sample() {
			if (process.platform !== "linux") return null;
			const procs = readProcs();
			const totals = Object.fromEntries(KEYS.map((key) => [key, 0]));
			for (const [pid, proc] of procs) {
				if (!isUnder(procs, pid)) continue;
				const group = groupOf(procs, pid);
				const key =
					group === "runner" ? group : `${group}${proc.cmdline.includes("workerd") ? "Workerd" : "Node"}`;
				totals[key] += proc.ms;
			}
			const own = process.cpuUsage();
			return {
				...totals,
				benchClient: (own.user + own.system) / 1000,
				machine: machine(),
				at: performance.now(),
			};
		},
		since(before) {
			const now = this.sample();
			if (!before || !now) return null;
			const wallMs = now.at - before.at;
			const cores = os.availableParallelism();
			const used = {};
			for (const key of [...KEYS, "benchClient"]) used[key] = now[key] - before[key];
			const ours = Object.values(used).reduce((sum, ms) => sum + ms, 0);
			const busy = now.machine.busy - before.machine.busy;
			const all = now.machine.total - before.machine.total;
			return {
				cpuSeconds: Object.fromEntries(Object.entries(used).map(([k, ms]) => [k, round(ms / 1000)])),
				// Shares of the machine's cores (1 = every core busy all the time): this run's
				// processes, and everything the machine did, other users' work included.
				stackAndClientShare: round(ours / wallMs / cores),
				machineBusyShare: all > 0 ? round(busy / all) : null,
			};
		},
	};
}

async function main() {
	const startedAt = new Date();
	const loadBefore = os.loadavg()[0]; // other work on the machine skews every number
	const { stack, stop, state } = await startBenchStack({ CART_TTL: cartTtl, WRANGLER_LOG: wranglerLog }, log);
	let measured;
	const runStarted = performance.now();
	const sources = watchSources();
	try {
		measured = await run(stack);
	} catch (error) {
		console.error(stack.output().split("\n").slice(-40).join("\n"));
		throw error;
	} finally {
		sources.close();
		log("stopping the stack");
		const status = await stop();
		if (status.code !== 0) log(`the stack exited with ${JSON.stringify(status)}`);
	}

	const report = {
		date: startedAt.toISOString(),
		machine: {
			...machineInfo(loadBefore),
		},
		config: {
			state,
			connections: CONNECTIONS,
			cartTtl,
			paymentWindow: "default (30m)",
			paymentMethod: "GOPAY",
			itemsPerCart: 2,
			c1Checkouts,
			c10Checkouts,
			webhookRequests,
			firstDeliveries,
			firstOnly,
			healthSeconds,
			wranglerLog,
		},
		runSeconds: round((performance.now() - runStarted) / 1000),
		validity: {
			...sourceValidity(sources),
			failedCheckouts: measured.scenarios.checkoutC1.failed + measured.scenarios.checkoutC10.failed,
			preparationRequestsRetriedAfterReload: reloadsMet,
		},
		...measured,
	};
	finishReport("checkout", startedAt, report, sources, log);
}

main().catch((error) => {
	console.error(`[bench] ${error.stack ?? error.message}`);
	process.exit(1);
});
