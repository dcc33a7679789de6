import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/lib/workers.mjs";
import { runSnippet } from "../support/docs-snippets";
import { type Stack, startE2eStack, stopAllStacks } from "./support";

/**
 * Both API references in a real browser (Debian's chromium through playwright-core) against the
 * real stack: every request the pages make is routed, and none may leave 127.0.0.1; no console
 * error, no CSP violation; AddCartItem's body shows each business type's details; the
 * callbacks section's snippets sign callbacks the running orchestrator accepts. Screenshots go
 * to test-results/docs/ (desktop and 390 px wide).
 */
const SHOTS = path.join(ROOT, "test-results", "docs");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let stack: Stack;
let browser: Browser;
beforeAll(async () => {
	mkdirSync(SHOTS, { recursive: true });
	[stack, browser] = await Promise.all([
		startE2eStack({}),
		chromium.launch({
			executablePath: CHROMIUM,
			args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
		}),
	]);
});
afterAll(async () => {
	await browser?.close();
	await stopAllStacks();
});

interface Watched {
	page: Page;
	offHost: string[];
	problems: string[];
	requests: string[];
}

/** A page whose every request is routed (off-machine ones refused and noted) and whose errors are kept. */
async function watchedPage(width: number): Promise<Watched> {
	const page = await browser.newPage({ viewport: { width, height: 900 } });
	const watched: Watched = { page, offHost: [], problems: [], requests: [] };
	await page.route("**/*", (route) => {
		const url = route.request().url();
		watched.requests.push(url);
		if (new URL(url).hostname === "127.0.0.1") return route.continue();
		watched.offHost.push(url);
		return route.abort();
	});
	// Runs in the page: a violation the page itself swallows is still reported.
	await page.addInitScript(`document.addEventListener("securitypolicyviolation", (event) =>
		console.error("CSP violation: " + event.violatedDirective + " " + event.blockedURI))`);
	page.on("console", (message) => {
		if (message.type() === "error") watched.problems.push(message.text());
	});
	page.on("pageerror", (error) => watched.problems.push(String(error)));
	return watched;
}

const shot = (page: Page, name: string) =>
	page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false });

const DETAILS = {
	TAXI: ["TaxiItemDetails", ["pickup", "dropoff", "pickupAt", "passenger"]],
	RENT: ["RentItemDetails", ["city", "startAt", "endAt", "withDriver"]],
	DELIVERY: ["DeliveryItemDetails", ["sender", "recipient", "package"]],
	SHUTTLE: ["ShuttleItemDetails", ["routeId", "departureAt"]],
} as const;

describe("the API reference at /docs", () => {
	it("renders offline, the callbacks section and AddCartItem's union with each business type's details", async () => {
		const { page, offHost, problems, requests } = await watchedPage(1280);
		await page.goto(`${stack.url}/docs`);
		await page.getByRole("heading", { name: "Order Orchestrator API" }).first().waitFor();
		await page.getByRole("heading", { name: "Callbacks and signatures" }).first().waitFor();
		await shot(page, "orchestrator-desktop");

		await page.goto(`${stack.url}/docs#tag/cart/POST/v1/carts/{cartId}/items`);
		const operation = page.locator('section[label="Add an item priced by a search session"]');
		await operation.getByText("AddCartItemRequest").first().waitFor();
		for (const [type, [model, fields]] of Object.entries(DETAILS)) {
			await operation
				.getByRole("button", { name: /One of/ })
				.first()
				.click();
			await page.getByRole("option", { name: type, exact: true }).click();
			await operation.getByRole("button", { name: model }).first().waitFor();
			// The details row's disclosure (its only unnamed toggle in the body) shows its fields.
			const toggle = operation.locator("button.property-toggle").first();
			if ((await toggle.getAttribute("aria-expanded")) !== "true") await toggle.click();
			for (const field of fields) {
				await expect
					.poll(() => operation.getByText(field, { exact: true }).first().isVisible(), {
						message: `${type}: ${field}`,
					})
					.toBe(true);
			}
			if (type === "RENT") {
				await operation.getByText("withDriver", { exact: true }).first().scrollIntoViewIfNeeded();
				await shot(page, "orchestrator-add-cart-item-rent");
			}
		}
		expect(requests.some((url) => url.endsWith("/vendor/scalar/standalone.js"))).toBe(true);
		expect(offHost).toEqual([]);
		expect(problems).toEqual([]);
		await page.close();
	});

	it("reads on a 390 px wide screen", async () => {
		const { page, offHost, problems } = await watchedPage(390);
		await page.goto(`${stack.url}/docs`);
		await page.getByRole("heading", { name: "Order Orchestrator API" }).first().waitFor();
		await shot(page, "orchestrator-390");
		expect(offHost).toEqual([]);
		expect(problems).toEqual([]);
		await page.close();
	});

	it("the sandbox's steering reference renders offline too", async () => {
		for (const width of [1280, 390]) {
			const { page, offHost, problems } = await watchedPage(width);
			await page.goto(`${stack.sandboxUrl}/docs`);
			await page.getByRole("heading", { name: "Order Orchestrator sandbox: steering" }).first().waitFor();
			await page.getByText("Steering notes").first().waitFor();
			await shot(page, width === 390 ? "sandbox-390" : "sandbox-desktop");
			expect(offHost).toEqual([]);
			expect(problems).toEqual([]);
			await page.close();
		}
	});
});

describe("the callbacks section's snippets", () => {
	it("sign callbacks the running orchestrator accepts, and a wrong secret's it refuses", async () => {
		const document = (await (await fetch(`${stack.url}/openapi.json`)).json()) as {
			info: { description: string };
		};
		// A receipt for a booking that does not exist: past the signature check it is 404.
		const body = JSON.stringify({
			id: "evt_docs_snippet",
			documentId: "doc_docs_snippet",
			bookingId: "bkg_docs_snippet_unknown",
			url: "https://documents.example.com/receipts/doc_docs_snippet.pdf",
		});
		const CALLBACK_URL = `${stack.url}/v1/callbacks/receipt`;
		for (const language of ["js", "sh"] as const) {
			const accepted = runSnippet(document.info.description, language, {
				SECRET: "whsec_dev_document",
				BODY: body,
				CALLBACK_URL,
			});
			expect(accepted, language).toMatch(/^X-Signature: t=\d+,v1=[0-9a-f]{64}\n/);
			expect(accepted, language).toContain('"code":"BOOKING_NOT_FOUND"');
			expect(accepted, language).toMatch(/\b404\b/);
			const refused = runSnippet(document.info.description, language, {
				SECRET: "whsec_not_the_secret",
				BODY: body,
				CALLBACK_URL,
			});
			expect(refused, language).toContain('"code":"SIGNATURE_INVALID"');
		}
	});
});
