import { describe, expect, it } from "vitest";
import { bookingDO, call, customerContact, problem, taxiItem, tokenFor } from "./support";

/**
 * CreateOrderWeb with an Idempotency-Key: the key is bound to the first body; another body is a
 * 409 that reveals nothing; repeats, even concurrent ones, make one booking and answer the same.
 */
async function guestBody(sub: string, quantity = 1) {
	const token = await tokenFor(sub);
	const { body } = await taxiItem(token, quantity);
	return { items: [body], paymentMethod: "SHOPEEPAY", customer: customerContact };
}

const order = (body: unknown, key: string) =>
	call("POST", "/v1/web/orders", { body, headers: { "idempotency-key": key } });

describe("guest idempotency", () => {
	it("refuses the same key with another body, revealing nothing of the first order", async () => {
		const first = await guestBody("cust_guest_idem_a");
		const key = `web-${crypto.randomUUID()}`;
		const made = await order(first, key);
		expect(made.status).toBe(201);
		const variants = [
			{ ...first, customer: { ...customerContact, name: "Someone Else" } },
			{ ...first, paymentMethod: "OVO" },
			await guestBody("cust_guest_idem_b", 2),
		];
		for (const variant of variants) {
			const reused = await order(variant, key);
			expect(reused.status).toBe(409);
			expect(reused.body).toEqual(problem("IDEMPOTENCY_KEY_REUSED", 409));
			const text = JSON.stringify(reused.body);
			for (const secret of [made.body.booking.id, made.body.accessToken, customerContact.email]) {
				expect(text).not.toContain(secret);
			}
		}
	});

	it("answers a replay with the same booking and the same access token", async () => {
		const body = await guestBody("cust_guest_idem_replay");
		const key = `web-${crypto.randomUUID()}`;
		const made = await order(body, key);
		// A second later: a token minted afresh would differ in its issue time.
		await new Promise((resolve) => setTimeout(resolve, 1_100));
		const replay = await order(body, key);
		expect(replay.status).toBe(201);
		expect(replay.body).toEqual(made.body);
	});

	it("makes exactly one booking with exactly the body's items from ten concurrent requests", async () => {
		const body = await guestBody("cust_guest_idem_burst", 2);
		const key = `web-${crypto.randomUUID()}`;
		const answers = await Promise.all(Array.from({ length: 10 }, () => order(body, key)));
		for (const answer of answers) expect(answer.status, JSON.stringify(answer.body)).toBe(201);
		const ids = new Set(answers.map((a) => a.body.booking.id));
		expect(ids.size).toBe(1);
		const [first] = answers;
		const held = (await bookingDO(first?.body.booking.id).inspect()) as {
			booking: {
				items: Array<{ fleetId: string }>;
				pricing: { subtotal: number };
				payment: { amount: number };
			};
		};
		// A taxi line of quantity 2 is two order items, priced once.
		expect(held.booking.items).toHaveLength(2);
		const unit = first?.body.booking.items[0].unitPrice as number;
		expect(held.booking.pricing.subtotal).toBe(unit * 2);
		expect(new Set(answers.map((a) => a.body.accessToken)).size).toBe(1);
	});
});
