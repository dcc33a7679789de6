// `npm run bench`: cart throughput and latency against the real `npm start` stack.
//
// At concurrency 10, each scenario runs for BENCH_DURATION seconds (default 10):
//   health       GET /health, the floor: what the local runtime (workerd) costs for a no-op route
//   getCart      GET /v1/carts/{id}, over 10 carts (3 items and a promo each)
//   addCartItem  POST /v1/carts/{id}/items (one Session Manager call each), 10 carts filled in
//                parallel and replaced before they reach the 50-line cap
//   setQuantity  PATCH /v1/carts/{id}/items/{itemId}, quantity cycling 1..10, over 10 carts
// Prints one JSON document on stdout and saves it under bench/results/. Progress goes to stderr;
// BENCH_VERBOSE=1 also echoes the stack's output. Worker request logs are off (WRANGLER_LOG=warn)
// unless WRANGLER_LOG says otherwise.

import os from "node:os";
import { client, jakartaTime, pool } from "./lib/api.mjs";
import { measure } from "./lib/measure.mjs";
import { machineInfo, saveReport, startBenchStack } from "./lib/report.mjs";

const CONNECTIONS = 10;
const LANES = CONNECTIONS; // carts filled at once by AddCartItem, like 10 customers
const MAX_LINES = 50; // a cart's line cap (CART_FULL beyond)
const CARTS = 10; // carts read by GetCart and changed by SetQuantity
const WARMUP_SECONDS = 1;
const duration = Number(process.env.BENCH_DURATION ?? 10);
if (!(duration > 0))
	throw new Error(`BENCH_DURATION must be a positive number of seconds, got ${process.env.BENCH_DURATION}`);
const wranglerLog = process.env.WRANGLER_LOG ?? "warn";

const log = (message) => console.error(`[bench] ${message}`);
const ratio = (value, floor) => (floor > 0 ? Number((value / floor).toFixed(2)) : null);

const taxi = {
	pickup: { lat: -6.1754, lng: 106.8272, address: "Monas, Jakarta" },
	dropoff: { lat: -6.2255, lng: 106.8023, address: "Senayan, Jakarta" },
	pickupAt: jakartaTime(24),
};

async function prepare(stack) {
	const minted = await client(stack.sandboxUrl)("POST", "/auth/token", { sub: "cust_bench" });
	const api = client(stack.url, minted.token);
	// One search per lane, as 10 customers would have: quotes live in one sandbox session each,
	// so AddCartItem's Session Manager lookups do not all queue on a single session.
	const items = await pool(LANES, 5, async () => {
		const search = await api("POST", "/v1/searches", { businessType: "TAXI", details: taxi });
		const fleet = search.fleets[0];
		if (!fleet) throw new Error("the TAXI search returned no fleets");
		return {
			businessType: "TAXI",
			sessionId: search.sessionId,
			fleetId: fleet.fleetId,
			quantity: 1,
			details: { ...taxi, passenger: { name: "Budi Santoso", phone: "+6281234567890" } },
		};
	});
	const carts = await pool(CARTS, 5, async (c) => {
		const cart = await api("POST", "/v1/carts");
		const itemIds = [];
		for (let i = 0; i < 3; i++) {
			itemIds.push((await api("POST", `/v1/carts/${cart.id}/items`, items[c % LANES])).itemId);
		}
		await api("PUT", `/v1/carts/${cart.id}/promo`, { code: "HEMAT10" });
		return { id: cart.id, itemIds };
	});
	const headers = { authorization: `Bearer ${minted.token}`, "content-type": "application/json" };
	return { api, items, carts, headers };
}

async function run(stack) {
	const { api, items, carts, headers } = await prepare(stack);
	const base = { url: stack.url, connections: CONNECTIONS, headers };

	// Each scenario gets the same 1 s warm-up first (JIT, connections, DO instances), unmeasured.
	const scenario = async (name, options, hooks) => {
		log(`${name}: warm-up 1s, then ${duration}s`);
		await measure({ ...base, ...options, duration: WARMUP_SECONDS });
		return measure({ ...base, ...options, duration }, hooks);
	};

	const health = await scenario("health (floor)", { url: `${stack.url}/health` });

	let reads = 0;
	const getCart = await scenario("getCart", {
		requests: [
			{
				method: "GET",
				setupRequest: (req) => ({ ...req, path: `/v1/carts/${carts[reads++ % CARTS].id}` }),
			},
		],
	});

	// Enough empty carts for AddCartItem at up to 1.5x GetCart's rate (adding cannot be faster
	// than reading); if they still run out, the run stops early rather than hit CART_FULL.
	const expectedAdds = Math.ceil(Math.max(getCart.rps, 100) * (duration + WARMUP_SECONDS) * 1.5);
	const rounds = Math.ceil(expectedAdds / (LANES * MAX_LINES));
	log(`creating ${rounds * LANES} empty carts for addCartItem`);
	const empties = await pool(rounds * LANES, 10, async () => (await api("POST", "/v1/carts")).id);
	let adds = 0;
	let exhausted = false;
	let adding;
	const itemBodies = items.map((item) => JSON.stringify(item));
	const addCartItem = await scenario(
		"addCartItem",
		{
			requests: [
				{
					method: "POST",
					setupRequest: (req) => {
						// Request n goes to lane n % 10; each lane fills one cart with 50 lines, then the next.
						const n = adds++;
						const index = (n % LANES) + LANES * Math.floor(Math.floor(n / LANES) / MAX_LINES);
						if (index >= empties.length && !exhausted) {
							exhausted = true;
							adding?.stop();
						}
						return {
							...req,
							path: `/v1/carts/${empties[index % empties.length]}/items`,
							body: itemBodies[n % LANES],
						};
					},
				},
			],
		},
		{ onStart: (instance) => (adding = instance) },
	);

	let changes = 0;
	const setQuantity = await scenario("setQuantity", {
		requests: [
			{
				method: "PATCH",
				setupRequest: (req) => {
					const n = changes++;
					const cart = carts[n % CARTS];
					const quantity = (Math.floor(n / CARTS) % 10) + 1;
					return {
						...req,
						path: `/v1/carts/${cart.id}/items/${cart.itemIds[0]}`,
						body: JSON.stringify({ quantity }),
					};
				},
			},
		],
	});

	return {
		scenarios: { health, getCart, addCartItem, setQuantity },
		ratios: {
			getCartP50VsFloor: ratio(getCart.p50, health.p50),
			addItemP50VsFloor: ratio(addCartItem.p50, health.p50),
			setQuantityP50VsFloor: ratio(setQuantity.p50, health.p50),
		},
		setup: {
			getCartCarts: CARTS,
			setQuantityCarts: CARTS,
			addCartItemCarts: empties.length,
			addCartItemCartsExhausted: exhausted,
		},
	};
}

async function main() {
	const startedAt = new Date();
	const loadBefore = os.loadavg()[0]; // other work on the machine skews every number
	const { stack, stop, state } = await startBenchStack({ CART_TTL: "1d", WRANGLER_LOG: wranglerLog }, log);
	let measured;
	try {
		measured = await run(stack);
	} catch (error) {
		console.error(stack.output().split("\n").slice(-40).join("\n"));
		throw error;
	} finally {
		log("stopping the stack");
		const status = await stop();
		if (status.code !== 0) log(`the stack exited with ${JSON.stringify(status)}`);
	}

	const report = {
		date: startedAt.toISOString(),
		machine: {
			...machineInfo(loadBefore),
		},
		config: { connections: CONNECTIONS, durationSeconds: duration, cartTtl: "1d", wranglerLog, state },
		...measured,
	};
	saveReport("cart", startedAt, report, log);
}

main().catch((error) => {
	console.error(`[bench] ${error.stack ?? error.message}`);
	process.exit(1);
});
