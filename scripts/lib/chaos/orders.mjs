// One chaos order, driven as a customer (or a guest), the processor's customer and the partners
// would: search, cart, order, pay (or not, or too late), replayed and reordered webhooks, and
// partners completing or canceling items. Every observation of the booking is kept, so the
// checks can tell whether a state ever moved backwards.

import { createHmac, randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { random, shuffle } from "./plan.mjs";

const contact = (plan) => ({
	name: "Chaos Customer",
	email: `${plan.sub}@example.com`,
	phone: "+6281234567890",
});

/** An instant `hours` from now in Jakarta time, on the minute. */
function jakarta(hours) {
	const at = new Date(Date.now() + hours * 3_600_000 + 7 * 3_600_000);
	at.setUTCSeconds(0, 0);
	return `${at.toISOString().slice(0, 19)}+07:00`;
}

const place = (address, lat, lng) => ({ lat, lng, address });

function searchDetails(type) {
	switch (type) {
		case "TAXI":
			return {
				pickup: place("Monas, Jakarta", -6.1754, 106.8272),
				dropoff: place("Senayan, Jakarta", -6.2255, 106.8023),
				pickupAt: jakarta(24),
			};
		case "RENT":
			return { city: "Jakarta", startAt: jakarta(48), endAt: jakarta(72), withDriver: true };
		case "DELIVERY":
			return {
				sender: { ...place("Kemang, Jakarta", -6.2607, 106.8137), name: "Sari", phone: "+6281211112222" },
				recipient: { ...place("Depok", -6.4025, 106.7942), name: "Dewi", phone: "+6281233334444" },
				package: { weightKg: 2, description: "Books" },
			};
		case "SHUTTLE":
			return { origin: "Jakarta", destination: "Bandung", date: jakarta(48).slice(0, 10) };
	}
}

/** The item details for a fleet of a search: shuttle seats take the departure the fleet offers. */
function itemDetails(type, search, fleet, notes) {
	const base =
		type === "TAXI"
			? { ...search, passenger: { name: "Siti Rahayu", phone: "+6281298765432" } }
			: type === "SHUTTLE"
				? { routeId: fleet.attributes?.routeId, departureAt: fleet.attributes?.departureAt }
				: { ...search };
	return notes ? { ...base, notes } : base;
}

export const TERMINAL = ["COMPLETED", "FAILED", "CANCELED"];

/**
 * Drives one order from its plan. Resolves with what it did and saw: the booking id (unless the
 * order was refused, with the refusal's status and code), the payment id, and every observed
 * (version, status) of the booking.
 */
export async function driveOrder(http, plan, { secret, log }) {
	const record = { plan, observed: [], steps: [] };
	const step = (name, detail) => record.steps.push(detail === undefined ? name : `${name}: ${detail}`);
	const minted = await http.sandbox("POST", "/auth/token", { body: { sub: plan.sub } });
	const token = minted.body.token;
	record.token = token;

	// Search every business type the cart needs, then build the lines.
	const searches = new Map();
	for (const type of new Set(plan.lines.map((line) => line.type))) {
		const search = searchDetails(type);
		const found = await http.api("POST", "/v1/searches", {
			token,
			body: { businessType: type, details: search },
		});
		if (found.status !== 200 || !found.body.fleets?.length) {
			step("search refused", `${type} ${found.status}`);
			record.refused = { status: found.status, code: found.body?.code };
			return record;
		}
		searches.set(type, { search, quote: found.body });
	}
	const items = plan.lines.map((line) => {
		const { search, quote } = searches.get(line.type);
		const fleet = quote.fleets[0];
		return {
			businessType: line.type,
			sessionId: quote.sessionId,
			fleetId: fleet.fleetId,
			quantity: line.quantity,
			details: itemDetails(line.type, search, fleet, line.notes),
		};
	});

	const key = `chaos-${plan.sub}-${randomUUID()}`;
	let created;
	if (plan.guest) {
		created = await http.api("POST", "/v1/web/orders", {
			body: { items, paymentMethod: plan.method, customer: contact(plan) },
			headers: { "idempotency-key": key },
		});
		record.accessToken = created.body?.accessToken;
	} else {
		const cart = await http.api("POST", "/v1/carts", {
			token,
			headers: { "idempotency-key": `${key}-cart` },
		});
		for (const [i, item] of items.entries()) {
			const added = await http.api("POST", `/v1/carts/${cart.body.id}/items`, {
				token,
				body: item,
				headers: { "idempotency-key": `${key}-item-${i}` },
			});
			if (added.status !== 201) {
				step("add refused", `${added.status} ${added.body?.code}`);
				record.refused = { status: added.status, code: added.body?.code };
				return record;
			}
		}
		if (plan.promo)
			await http.api("PUT", `/v1/carts/${cart.body.id}/promo`, { token, body: { code: "HEMAT10" } });
		created = await http.api("POST", "/v1/orders", {
			token,
			body: { cartId: cart.body.id, paymentMethod: plan.method, customer: contact(plan) },
			headers: { "idempotency-key": key },
		});
	}
	if (created.status !== 201) {
		step("order refused", `${created.status} ${created.body?.code}`);
		record.refused = { status: created.status, code: created.body?.code };
		return record;
	}
	const booking = created.body.booking;
	record.bookingId = booking.id;
	record.paymentId = booking.payment.url?.split("/pay/")[1];
	observe(record, booking);
	step("ordered", `${booking.status}/${booking.payment.status}`);

	await pay(http, plan, record, step);
	if (plan.replayWebhooks && record.paymentId) await replayWebhooks(http, record, secret, step);
	await fulfil(http, plan, record, step, log);
	return record;
}

/** Reads the booking as its owner (or guest) and records what it saw. */
export async function readBooking(http, record) {
	const response = record.plan.guest
		? await http.api("GET", `/v1/web/orders/${record.bookingId}`, { token: record.accessToken })
		: await http.api("GET", `/v1/bookings/${record.bookingId}`, { token: record.token });
	if (response.status === 200) observe(record, response.body);
	return response;
}

function observe(record, booking) {
	record.observed.push({ version: booking.version, status: booking.status, payment: booking.payment.status });
	record.last = booking;
}

async function waitFor(http, record, done, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const { body, status } = await readBooking(http, record);
		if (status === 200 && done(body)) return body;
		if (Date.now() > deadline) return undefined;
		await sleep(400);
	}
}

const simulate = (http, paymentId, outcome) =>
	http.sandbox("POST", `/payments/${paymentId}/simulate`, { body: { outcome } });

async function pay(http, plan, record, step) {
	if (!record.paymentId) return; // CASH: nothing to pay now
	switch (plan.payment) {
		case "PAID":
		case "FAILED":
		case "CANCELED": {
			const res = await simulate(http, record.paymentId, plan.payment);
			step(`customer ${plan.payment.toLowerCase()}`, res.status);
			return;
		}
		case "CUSTOMER_CANCEL": {
			const res = await http.api("POST", `/v1/bookings/${record.bookingId}/cancel`, { token: record.token });
			step("customer canceled", res.status);
			return;
		}
		case "EXPIRE":
			step("left unpaid");
			return;
		case "LATE_PAID": {
			// Pays once the booking was canceled for want of payment: the money must go back.
			const canceled = await waitFor(http, record, (b) => b.status === "CANCELED", 90_000);
			const res = await simulate(http, record.paymentId, "PAID");
			step("paid late", `${canceled?.status ?? "not canceled yet"} → ${res.status}`);
			return;
		}
	}
}

/** The processor's events of this payment sent again, shuffled, some twice, with fresh signatures. */
async function replayWebhooks(http, record, secret, step) {
	await sleep(1_000);
	const payment = await http.sandbox("GET", `/payments/${record.paymentId}`);
	const events = payment.body?.events ?? [];
	if (events.length === 0) return;
	const rng = random(record.plan.index + 7);
	const replays = shuffle(rng, [...events, ...events.filter(() => rng() < 0.5)]);
	for (const event of replays) {
		const raw = JSON.stringify(event);
		const t = Math.floor(Date.now() / 1000);
		const v1 = createHmac("sha256", secret).update(`${t}.${raw}`).digest("hex");
		await http.api("POST", "/v1/callbacks/payment", { raw, headers: { "x-signature": `t=${t},v1=${v1}` } });
	}
	step("replayed webhooks", replays.length);
}

const advance = (http, item, status) =>
	http.sandbox("POST", `/partners/${item.businessType.toLowerCase()}/orders/${item.partnerRef}/advance`, {
		body: { status },
	});

/** Once every item is booked, the partners finish some and cancel others, at the same time. */
async function fulfil(http, plan, record, step, log) {
	if (plan.fulfilment === "LEAVE") return;
	const booked = await waitFor(
		http,
		record,
		(b) =>
			TERMINAL.includes(b.status) || (b.status === "ACTIVE" && b.items.every((i) => i.status === "BOOKED")),
		60_000,
	);
	if (booked?.status !== "ACTIVE") return;
	const finish = async (item) => {
		for (const status of ["DRIVER_ASSIGNED", "PICKED_UP", "COMPLETED"]) await advance(http, item, status);
	};
	const items = booked.items;
	const tasks = items.map((item, i) => {
		const cancel =
			plan.fulfilment === "PARTNER_CANCEL_ALL" || (plan.fulfilment === "PARTNER_CANCEL_ONE" && i === 0);
		return cancel ? advance(http, item, "CANCELED_BY_PARTNER") : finish(item);
	});
	await Promise.all(tasks);
	step(`partners: ${plan.fulfilment.toLowerCase()}`, items.length);
	log?.(`order ${plan.index}: ${record.steps.join(" · ")}`);
}
