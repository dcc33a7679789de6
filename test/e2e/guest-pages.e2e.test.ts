import { writeFileSync } from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/lib/workers.mjs";
import {
	type AxeFinding,
	audit,
	launchBrowser,
	newContext,
	screenshots,
	VIEWPORTS,
	watchErrors,
} from "./browser";
import { advance, INTERNAL_TOKEN, until } from "./saga-support";
import { call, jakartaTime, type Stack, startE2eStack, stopAllStacks } from "./support";

/**
 * The guest pages in a real browser (Debian's chromium) against the real stack: the reservation
 * app at / and the tracking page at /track. Every step is screenshotted at 1280 px and at
 * 390×844 under test-results/guest/ and checked with axe-core (no serious or critical
 * violation). One stack serves the whole file.
 */
const shots = screenshots("guest");
const audits: { step: string; byImpact: Record<string, string[]> }[] = [];

let stack: Stack;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
beforeAll(async () => {
	[stack, browser] = await Promise.all([
		// A slow partner answer stays inside the partner timeout, so the saga waits rather than retries.
		startE2eStack({ PARTNER_TIMEOUT: "15s" }),
		launchBrowser(),
	]);
});
afterAll(async () => {
	await browser?.close();
	await stopAllStacks();
	// Every violation axe reported, by impact, per page state (minor and moderate do not fail a test).
	if (audits.length)
		writeFileSync(path.join(ROOT, "test-results", "guest", "axe.json"), JSON.stringify(audits, null, 1));
});

const rupiah = new Intl.NumberFormat("id-ID", {
	style: "currency",
	currency: "IDR",
	maximumFractionDigits: 0,
});
const money = (amount: number) => rupiah.format(amount);

interface WebBooking {
	id: string;
	status: string;
	items: { id: string; businessType: "TAXI" | "RENT"; status: string; partnerRef?: string }[];
	pricing: { subtotal: number; discount: number; fees: number; total: number };
	payment: {
		status: string;
		amount: number;
		url?: string;
		refunded: number;
		refunds: { amount: number; status: string }[];
	};
}

/** Screenshots the page at both widths and fails on any serious or critical axe finding. */
async function step(page: Page, name: string): Promise<void> {
	const found: { width: number; serious: AxeFinding[] }[] = [];
	for (const [label, size] of [
		["desktop", VIEWPORTS.desktop],
		["phone", VIEWPORTS.phone],
	] as const) {
		await page.setViewportSize(size);
		await shots.shot(page, `${name}-${label}`);
		// Nothing wider than the screen: no sideways scrolling on a phone.
		expect(
			await page.evaluate("document.documentElement.scrollWidth"),
			`${name} at ${size.width}`,
		).toBeLessThanOrEqual(size.width);
		const result = await audit(page);
		audits.push({ step: `${name}-${label}`, byImpact: result.byImpact });
		found.push({ width: size.width, serious: result.serious });
	}
	await page.setViewportSize(VIEWPORTS.desktop);
	expect(
		found.filter((f) => f.serious.length > 0),
		`axe at ${name}`,
	).toEqual([]);
}

async function open(context: BrowserContext, path: string): Promise<{ page: Page; errors: string[] }> {
	const page = await context.newPage();
	const errors = watchErrors(page);
	await page.goto(`${stack.url}${path}`);
	return { page, errors };
}

const QUOTE_PREFIX = { TAXI: "taxi-", RENT: "rent-" } as const;

/** Searches `service` with the form's defaults and adds its first offer to the basket. */
async function addOffer(page: Page, service: "TAXI" | "RENT", notes?: string): Promise<void> {
	const lines = await page.locator('[data-testid="basket-line"]').count();
	await page.check(`input[name="service"][value="${service}"]`);
	if (notes) await page.fill(`#${service.toLowerCase()}-notes`, notes);
	await page.click("#search-button");
	const quote = page.locator(`[data-testid="quote"][data-fleet^="${QUOTE_PREFIX[service]}"]`).first();
	await quote.getByRole("button", { name: /Add to basket|Tambah ke keranjang/ }).click();
	await expect.poll(() => page.locator('[data-testid="basket-line"]').count()).toBe(lines + 1);
}

async function fillContact(page: Page, email = "budi@example.com"): Promise<void> {
	await page.getByLabel("Full name").fill("Budi Santoso");
	await page.getByLabel("Phone", { exact: true }).fill("+6281234567890");
	await page.getByLabel("E-mail").fill(email);
}

/** The booking id and access token of a tracking page's URL. */
function tracked(page: Page): { id: string; token: string } {
	const url = new URL(page.url());
	const id = decodeURIComponent(url.pathname.split("/")[2] ?? "");
	const token = new URLSearchParams(url.hash.slice(1)).get("t") ?? "";
	return { id, token };
}

const webBooking = async (id: string, token: string) =>
	(await call<WebBooking>(stack.url, "GET", `/v1/web/orders/${id}`, { token })).body;

const bookingCount = async () =>
	(
		await call<{ bookings: unknown[] }>(stack.url, "GET", "/internal/bookings?limit=100", {
			token: INTERNAL_TOKEN,
		})
	).body.bookings.length;

let journey: { id: string; token: string } | undefined;

describe("the guest pages", () => {
	it("serve their own scripts and styles under a strict policy, /track/{id} included", async () => {
		for (const path of ["/", "/track", "/track/bkg_example123"]) {
			const page = await fetch(`${stack.url}${path}`);
			expect(page.status, path).toBe(200);
			expect(page.headers.get("content-type"), path).toContain("text/html");
			const html = await page.text();
			expect(html, path).not.toMatch(/(src|href)="(https?:)?\/\//);
			expect(html, path).not.toMatch(/<style|style="|<script>/);
		}
		const csp = (await fetch(`${stack.url}/`)).headers.get("content-security-policy") ?? "";
		expect(csp).toContain("default-src 'none'");
		expect(csp).toContain("script-src 'self'");
	});

	it("takes a guest from two searches through the basket, a promo and the pay page to a live tracking page, the completed booking and its receipt", async () => {
		const context = await newContext(browser, "desktop");
		const { page, errors } = await open(context, "/");
		await expect.poll(() => page.locator("#method-list input").count()).toBe(10);
		await step(page, "01-reserve-form");

		await fillContact(page);
		// The taxi partner takes a few seconds to answer, so the tracking page sees the booking happen.
		await addOffer(page, "TAXI", "sandbox:slow:6000");
		await addOffer(page, "RENT");

		// An unknown code is refused with the API's reason; a valid one is applied.
		await page.getByLabel("Promo code").fill("NOPE");
		await page.getByRole("button", { name: "Apply" }).click();
		await expect
			.poll(() => page.locator("#promo-error").textContent())
			.toContain("This promo code does not exist.");
		await page.getByLabel("Promo code").fill("HEMAT10");
		await page.getByRole("button", { name: "Apply" }).click();
		await expect.poll(() => page.locator("#promo-ok").textContent()).toContain("HEMAT10 applied");
		await expect.poll(() => page.locator("#totals-list").textContent()).toContain("Discount (HEMAT10)");
		await page.getByLabel("OVO").check();
		await expect.poll(() => page.locator("#totals-list").textContent()).toContain("Total with OVO");
		await page.locator('[data-testid="basket-line"]').first().getByLabel("Quantity").fill("2");
		await page.locator('[data-testid="basket-line"]').first().getByLabel("Quantity").dispatchEvent("change");
		await page.locator('[data-testid="basket-line"]').first().getByLabel("Quantity").fill("1");
		await page.locator('[data-testid="basket-line"]').first().getByLabel("Quantity").dispatchEvent("change");
		await expect.poll(() => page.locator("#totals-note").textContent()).toBe("");
		const shownTotal = (await page.locator("#totals-list .total").last().textContent()) ?? "";
		await step(page, "02-basket-with-promo");

		await page.getByRole("button", { name: "Place order" }).click();
		await page.waitForURL(/\/pay\//);
		await page.getByRole("button", { name: "Pay", exact: true }).click();
		await page.locator('a[data-testid="return"]').click();
		await page.locator("#order").waitFor();
		const { id, token } = tracked(page);
		journey = { id, token };
		expect(id).toMatch(/^bkg_/);
		expect(token.length).toBeGreaterThan(20);

		// From here on the page updates itself: a reload or a navigation would lose this marker.
		await page.evaluate("window.__stayed = true");
		let loads = 0;
		page.on("load", () => loads++);
		const first = await page
			.locator('[data-testid="item"]')
			.evaluateAll((items) => items.map((item) => item.getAttribute("data-status")));
		expect(first, "the slow taxi item is not booked yet when the page opens").not.toEqual([
			"BOOKED",
			"BOOKED",
		]);
		await step(page, "03-track-booking");
		await expect
			.poll(() => page.locator('[data-testid="item"][data-status="BOOKED"]').count(), { timeout: 30_000 })
			.toBe(2);
		expect(await page.locator('[data-testid="booking-status"]').textContent()).toBe(
			"Confirmed: everything is booked",
		);
		expect(await page.locator('[data-testid="payment-status"]').textContent()).toBe("Paid");

		const booking = await webBooking(id, token);
		// What the basket showed is what the order charged.
		expect(shownTotal).toBe(money(booking.pricing.total));
		expect(await page.locator('[data-testid="total"]').textContent()).toBe(money(booking.pricing.total));
		expect(booking.pricing.discount).toBeGreaterThan(0);

		const env = { url: stack.url, sandboxUrl: stack.sandboxUrl };
		for (const item of booking.items)
			await advance(env, item.businessType, item.partnerRef as string, "DRIVER_ASSIGNED");
		await expect
			.poll(() => page.locator("#items").textContent(), { timeout: 15_000 })
			.toContain("Driver assigned");
		await expect.poll(() => page.locator("#items").textContent()).toContain("Vehicle");
		await step(page, "04-track-driver-assigned");
		for (const status of ["PICKED_UP", "COMPLETED"])
			for (const item of booking.items)
				await advance(env, item.businessType, item.partnerRef as string, status);
		await expect
			.poll(() => page.locator('[data-testid="booking-status"]').textContent(), { timeout: 20_000 })
			.toBe("Completed");
		expect(await page.locator('[data-step="completed"]').getAttribute("data-state")).toBe("done");

		await page.getByRole("button", { name: "Get the receipt (PDF)" }).click();
		const link = page.getByTestId("receipt-link");
		await link.waitFor({ timeout: 30_000 });
		const pdf = await fetch((await link.getAttribute("href")) as string, {
			signal: AbortSignal.timeout(15_000),
		});
		expect(pdf.status).toBe(200);
		expect(
			Buffer.from(await pdf.arrayBuffer())
				.subarray(0, 5)
				.toString(),
		).toBe("%PDF-");
		await step(page, "05-track-completed-receipt");

		expect(await page.evaluate("window.__stayed")).toBe(true);
		expect(loads).toBe(0);
		expect(errors).toEqual([]);
		await context.close();
	});

	it("shows an unpaid order's countdown, then, once paid, the failed booking and its refund as the processor confirms it", async () => {
		const taxi = {
			pickup: { lat: -8.7482, lng: 115.1675, address: "Bandara I Gusti Ngurah Rai, Bali" },
			dropoff: { lat: -8.7184, lng: 115.1686, address: "Pantai Kuta, Bali" },
			pickupAt: jakartaTime(5),
		};
		const rent = { city: "Bali", startAt: jakartaTime(30), endAt: jakartaTime(54), withDriver: false };
		const searched = async (body: unknown) =>
			(
				await call<{ sessionId: string; fleets: { fleetId: string }[] }>(stack.url, "POST", "/v1/searches", {
					body,
				})
			).body;
		const [taxiQuote, rentQuote] = await Promise.all([
			searched({ businessType: "TAXI", details: taxi }),
			searched({ businessType: "RENT", details: rent }),
		]);
		const order = await call<{ booking: WebBooking; payment: { url: string }; accessToken: string }>(
			stack.url,
			"POST",
			"/v1/web/orders",
			{
				body: {
					items: [
						{
							businessType: "TAXI",
							sessionId: taxiQuote.sessionId,
							fleetId: taxiQuote.fleets[0]?.fleetId,
							quantity: 1,
							details: { ...taxi, passenger: { name: "Made Wirawan", phone: "+6281337000111" } },
						},
						{
							businessType: "RENT",
							sessionId: rentQuote.sessionId,
							fleetId: rentQuote.fleets[0]?.fleetId,
							quantity: 1,
							details: { ...rent, notes: "sandbox:reject" },
						},
					],
					paymentMethod: "DANA",
					customer: { name: "Made Wirawan", email: "made@example.com", phone: "+6281337000111" },
				},
			},
		);
		expect(order.status, JSON.stringify(order.body)).toBe(201);
		const { booking, accessToken } = order.body;

		const context = await newContext(browser, "desktop");
		// The booking's socket is refused here: the page keeps up by polling.
		let refused = 0;
		await context.routeWebSocket(/\/live\?token=/, (ws) => {
			refused++;
			ws.close({ code: 1011, reason: "unavailable" });
		});
		const { page, errors } = await open(context, `/track/${booking.id}#t=${accessToken}`);
		await page.locator("#pay-box").waitFor();
		await expect
			.poll(() => page.locator("#connection").textContent())
			.toBe("Live updates are interrupted; checking every few seconds.");
		const before = await page.locator("#countdown").textContent();
		expect(before).toMatch(/^Pay within \d+:\d\d$/);
		await expect.poll(() => page.locator("#countdown").textContent(), { timeout: 3_000 }).not.toBe(before);
		expect(await page.locator("#cancel").isVisible()).toBe(true);
		// Bali is in WITA: the pickup is shown in its own zone.
		expect(await page.locator("#items").textContent()).toMatch(/WITA/);
		await step(page, "06-track-unpaid");

		const paymentId = order.body.payment.url.split("/pay/")[1];
		await call(stack.sandboxUrl, "POST", `/payments/${paymentId}/simulate`, { body: { outcome: "PAID" } });
		await expect
			.poll(() => page.locator('[data-testid="refund"][data-status="SUCCEEDED"]').count(), {
				timeout: 30_000,
			})
			.toBe(1);
		const failed = await webBooking(booking.id, accessToken);
		expect(failed.status).toBe("FAILED");
		expect(failed.payment.refunded).toBe(failed.payment.amount);
		expect(await page.locator('[data-testid="booking-status"]').textContent()).toBe("Could not be booked");
		expect(await page.locator('[data-testid="payment-status"]').textContent()).toBe("Refunded");
		expect(await page.locator('[data-testid="refunded-total"]').textContent()).toBe(
			`Refunded so far: ${money(failed.payment.refunded)} of ${money(failed.payment.amount)} paid.`,
		);
		expect(await page.locator('[data-step="refunded"]').getAttribute("data-state")).toBe("done");
		expect(await page.locator("#pay-box").isVisible()).toBe(false);
		expect(await page.locator("#cancel-area").isVisible()).toBe(false);
		expect(refused, "the page tried the socket again").toBeGreaterThan(1);
		await step(page, "07-track-failed-refunded");
		expect(errors).toEqual([]);
		await context.close();
	});

	it("places one order for a double click, and the same one again when a retry follows a lost answer", async () => {
		const context = await newContext(browser, "desktop");
		const { page, errors } = await open(context, "/");
		await fillContact(page, "siti@example.com");
		await addOffer(page, "TAXI");
		await page.getByLabel("DANA").check();
		const bookingsBefore = await bookingCount();

		const sent: { key: string | undefined }[] = [];
		const answered: string[] = [];
		let lose = true;
		await page.route("**/v1/web/orders", async (route) => {
			sent.push({ key: route.request().headers()["idempotency-key"] });
			const response = await route.fetch();
			answered.push((await response.json()).booking?.id);
			// The first answer never reaches the page, as if the connection dropped.
			if (lose) {
				lose = false;
				return route.abort("connectionreset");
			}
			return route.fulfill({ response });
		});
		await page.getByRole("button", { name: "Place order" }).dblclick();
		await expect.poll(() => page.locator("#order-error").textContent()).toContain("could not be reached");
		expect(sent).toHaveLength(1);
		await step(page, "08-order-answer-lost");

		await page.getByRole("button", { name: "Place order" }).click();
		await page.waitForURL(/\/pay\//);
		expect(sent).toHaveLength(2);
		expect(sent[0]?.key).toMatch(/^[0-9a-f-]{36}$/);
		expect(sent[1]?.key).toBe(sent[0]?.key);
		expect(answered[1]).toBe(answered[0]);
		await until("the booking in the history", bookingCount, (n) => n >= bookingsBefore + 1, {
			timeoutMs: 10_000,
		});
		await new Promise((resolve) => setTimeout(resolve, 1_000));
		expect(await bookingCount()).toBe(bookingsBefore + 1);
		expect(errors).toEqual([]);
		await context.close();
	});

	it("says what is wrong with the fields in the page's language, and remembers the language chosen", async () => {
		const context = await newContext(browser, "phone", "id-ID");
		const { page, errors } = await open(context, "/");
		expect(await page.getAttribute("html", "lang")).toBe("id");
		await page.getByRole("button", { name: "Cari penawaran" }).click();
		expect(await page.locator("#taxi-passengerName-error").textContent()).toBe("Wajib diisi.");
		expect(await page.locator("#search-error").textContent()).toBe("Ada 2 isian yang perlu diperbaiki.");
		expect(await page.getByLabel("Nama penumpang").getAttribute("aria-invalid")).toBe("true");
		await page.getByLabel("Telepon penumpang").fill("12");
		await page.getByRole("button", { name: "Cari penawaran" }).click();
		expect(await page.locator("#taxi-passengerPhone-error").textContent()).toBe(
			"Masukkan nomor telepon 6 sampai 15 digit, boleh diawali +.",
		);
		await step(page, "09-reserve-errors-id");

		await page.getByLabel("Bahasa", { exact: true }).selectOption("en");
		await page.reload();
		expect(await page.getAttribute("html", "lang")).toBe("en");
		await page.getByRole("button", { name: "Search offers" }).click();
		expect(await page.locator("#taxi-passengerName-error").textContent()).toBe("Fill this in.");
		await page.getByLabel("Passenger name").fill("Siti Rahayu");
		await page.getByLabel("Passenger phone").fill("+6281298765432");
		await addOffer(page, "TAXI");
		await page.getByLabel("Full name").fill("Siti Rahayu");
		await page.getByLabel("Phone", { exact: true }).fill("0812");
		await page.getByLabel("E-mail").fill("siti@");
		await page.getByRole("button", { name: "Place order" }).click();
		expect(await page.locator("#contact-phone-error").textContent()).toBe(
			"Enter a phone number of 6 to 15 digits, optionally starting with +.",
		);
		expect(await page.locator("#contact-email-error").textContent()).toBe(
			"Enter a valid e-mail address, like name@example.com.",
		);
		await step(page, "10-checkout-errors-en");
		expect(errors).toEqual([]);
		await context.close();
	});

	it("asks for the booking number and access code at /track, and says so when the code is wrong", async () => {
		const context = await newContext(browser, "desktop");
		const { page, errors } = await open(context, "/track");
		await page.getByLabel("Booking number").waitFor();
		await step(page, "11-track-form");
		await page.getByLabel("Booking number").fill(journey?.id ?? "bkg_unknown1");
		await page.getByLabel("Access code").fill("not-the-right-code");
		await page.getByRole("button", { name: "Show my order" }).click();
		await expect
			.poll(() => page.locator("#lookup-error").textContent())
			.toBe("This access code does not open this order. Check the link or the code you pasted.");
		await step(page, "12-track-wrong-token");
		// In Indonesian too.
		await page.getByLabel("Language").selectOption("id");
		await page.getByRole("button", { name: "Tampilkan pesanan" }).click();
		await expect
			.poll(() => page.locator("#lookup-error").textContent())
			.toBe("Kode akses ini tidak membuka pesanan ini. Periksa tautan atau kode yang Anda tempel.");
		expect(errors).toEqual([]);
		await context.close();
	});

	it("cancels an unpaid order from the tracking page", async () => {
		const search = await call<{ sessionId: string; fleets: { fleetId: string }[] }>(
			stack.url,
			"POST",
			"/v1/searches",
			{
				body: {
					businessType: "SHUTTLE",
					details: { origin: "Jakarta", destination: "Bandung", date: jakartaTime(48).slice(0, 10) },
				},
			},
		);
		const fleet = search.body.fleets[0] as {
			fleetId: string;
			attributes?: { routeId: string; departureAt: string };
		};
		const order = await call<{ booking: WebBooking; accessToken: string }>(
			stack.url,
			"POST",
			"/v1/web/orders",
			{
				body: {
					items: [
						{
							businessType: "SHUTTLE",
							sessionId: search.body.sessionId,
							fleetId: fleet.fleetId,
							quantity: 2,
							details: { routeId: fleet.attributes?.routeId, departureAt: fleet.attributes?.departureAt },
						},
					],
					paymentMethod: "GOPAY",
					customer: { name: "Rina Wulandari", email: "rina@example.com", phone: "+6281311112222" },
				},
			},
		);
		expect(order.status, JSON.stringify(order.body)).toBe(201);
		const context = await newContext(browser, "desktop");
		const { page, errors } = await open(
			context,
			`/track/${order.body.booking.id}#t=${order.body.accessToken}`,
		);
		await page.getByRole("button", { name: "Cancel this order" }).click();
		await page.getByRole("button", { name: "Yes, cancel it" }).click();
		await expect.poll(() => page.locator('[data-testid="booking-status"]').textContent()).toBe("Canceled");
		expect(await page.locator("#cancel-area").isVisible()).toBe(false);
		expect((await webBooking(order.body.booking.id, order.body.accessToken)).status).toBe("CANCELED");
		await step(page, "13-track-canceled");
		expect(errors).toEqual([]);
		await context.close();
	});
});
