// What a chaos run does to each order, drawn from one seed so a failing run can be repeated:
// the customer (or a guest), the cart's lines with their steering notes, the payment method, what
// the customer does about paying, whether its webhooks are replayed out of order, and what the
// partners do once the items are booked.

export const METHODS = [
	"CASH",
	"CREDIT_CARD",
	"LINKAJA",
	"DANA",
	"ISAKU",
	"GOPAY",
	"SHOPEEPAY",
	"OVO",
	"ECV",
	"NICEPAY",
];

export const TYPES = ["TAXI", "RENT", "DELIVERY", "SHUTTLE"];

/** mulberry32: a small, fast, seedable generator; good enough to spread choices. */
export function random(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/** One of `choices` ([value, weight] pairs), by weight. */
export function weighted(rng, choices) {
	const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
	let at = rng() * total;
	for (const [value, weight] of choices) {
		at -= weight;
		if (at < 0) return value;
	}
	return choices[choices.length - 1][0];
}

const NOTES = [
	[undefined, 55],
	["sandbox:flaky:2", 10],
	["sandbox:slow:200", 5],
	["sandbox:reject", 7],
	["sandbox:timeout", 4],
	["sandbox:async-confirm", 6],
	["sandbox:async-reject", 4],
	["sandbox:cancel-fails:2", 5],
	["sandbox:refund-slow:400", 4],
];

const PAYMENT = [
	["PAID", 60],
	["FAILED", 7],
	["CANCELED", 7],
	["CUSTOMER_CANCEL", 6],
	["EXPIRE", 10],
	["LATE_PAID", 10],
];

const FULFILMENT = [
	["COMPLETE", 40],
	["PARTNER_CANCEL_ONE", 25],
	["PARTNER_CANCEL_ALL", 10],
	["LEAVE", 25],
];

/** The plan of order `index` of a run seeded with `seed`. */
export function planOrder(seed, index) {
	const rng = random(seed * 1_000_003 + index);
	const guest = rng() < 0.15;
	const lines = Array.from({ length: 1 + Math.floor(rng() * 3) }, () => ({
		type: TYPES[Math.floor(rng() * TYPES.length)],
		quantity: 1 + Math.floor(rng() * 2),
		notes: weighted(rng, NOTES),
	}));
	const method = METHODS[index % METHODS.length];
	let payment = weighted(rng, PAYMENT);
	// A guest has no cancel route of its own yet: it fails at the processor instead.
	if (guest && payment === "CUSTOMER_CANCEL") payment = "FAILED";
	return {
		index,
		sub: `chaos_${seed}_${index}`,
		guest,
		lines,
		method,
		promo: !guest && rng() < 0.2,
		payment,
		replayWebhooks: rng() < 0.4,
		fulfilment: weighted(rng, FULFILMENT),
	};
}

/** Fisher-Yates with the run's generator. */
export function shuffle(rng, values) {
	const out = [...values];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(rng() * (i + 1));
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}
