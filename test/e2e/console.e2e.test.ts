import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/lib/workers.mjs";
import { paidBooking, until } from "./saga-support";
import { call, type Stack, startE2eStack, stopAllStacks } from "./support";

/**
 * The operator console in a real browser (Debian's chromium through playwright-core) against the
 * real stack: sign in with an operator token, find the booking whose cancel kept failing among
 * those needing attention, clear the partner's fault, resume it, and see the saga finish and the
 * action in the timeline. Screenshots go to test-results/console/.
 */
const SHOTS = path.join(ROOT, "test-results", "console");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let stack: Stack;
let browser: Browser;
beforeAll(async () => {
	mkdirSync(SHOTS, { recursive: true });
	[stack, browser] = await Promise.all([
		startE2eStack({ SAGA_ATTENTION_THRESHOLD: "2" }),
		chromium.launch({
			executablePath: CHROMIUM,
			args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
		}),
	]);
});
afterAll(async () => {
	await browser?.close();
	await call(stack.sandboxUrl, "DELETE", "/control/faults");
	await stopAllStacks();
});

const shot = (page: Page, name: string) =>
	page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

describe("the operator console", () => {
	it("serves a static shell that needs no token and pulls nothing from elsewhere", async () => {
		const page = await fetch(`${stack.url}/internal/console`);
		expect(page.status).toBe(200);
		expect(page.headers.get("content-type")).toContain("text/html");
		expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
		const html = await page.text();
		expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
	});

	it("signs in, finds a booking that needs attention, resumes it, and shows the saga finish", async () => {
		// The TAXI partner fails every call and RENT rejects its item: the saga cancels the TAXI
		// item, that cancel keeps failing, and the saga is flagged.
		await call(stack.sandboxUrl, "POST", "/control/faults", { body: { target: "TAXI", failRate: 1 } });
		const paid = await paidBooking({ url: stack.url, sandboxUrl: stack.sandboxUrl }, "cust_console", [
			{ type: "TAXI" },
			{ type: "RENT", notes: "sandbox:reject" },
		]);
		const minted = await call<{ token: string }>(stack.sandboxUrl, "POST", "/auth/token", {
			body: { sub: "op_ana", role: "operator" },
		});
		const operatorToken = minted.body.token;
		await until(
			"the saga flagged",
			async () =>
				(
					await call<{ saga: { log?: { needsAttention: boolean } } }>(
						stack.url,
						"GET",
						`/internal/bookings/${paid.booking.id}`,
						{ token: operatorToken },
					)
				).body.saga.log?.needsAttention,
			(flagged) => flagged === true,
			{ timeoutMs: 30_000, intervalMs: 300 },
		);

		const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
		const failures: string[] = [];
		page.on("pageerror", (error) => failures.push(String(error)));
		page.on("dialog", (dialog) => dialog.accept());
		await page.goto(`${stack.url}/internal/console`);
		await page.getByLabel("Operator token").fill(operatorToken);
		await shot(page, "1-sign-in");
		await page.getByRole("button", { name: "Sign in" }).click();
		await expect.poll(() => page.locator("#who").textContent()).toContain("op_ana (operator)");
		await expect.poll(() => page.locator("#summary").textContent()).toContain("need attention");

		await page.getByLabel("Needs attention").check();
		await page.getByRole("button", { name: "Search" }).click();
		const link = page.getByRole("link", { name: paid.booking.id });
		await link.waitFor();
		await shot(page, "2-needs-attention");
		await link.click();
		await expect.poll(() => page.locator("#booking-facts").textContent()).toContain("NEEDS ATTENTION");
		await expect.poll(() => page.locator("#timeline").textContent()).toContain("needs attention");
		await shot(page, "3-booking-flagged");

		// The partner is back; the operator resumes the compensation.
		await call(stack.sandboxUrl, "DELETE", "/control/faults");
		await page.getByRole("button", { name: "Resume" }).click();
		await page.getByLabel("Reason").fill("TAXI partner is back up");
		await shot(page, "4-resume-dialog");
		await page.getByRole("button", { name: "Confirm" }).click();
		// The page re-reads the booking on every hash change; poll until the saga's end shows.
		await expect
			.poll(
				async () => {
					await page.evaluate('window.dispatchEvent(new HashChangeEvent("hashchange"))');
					await page.waitForTimeout(300);
					const facts = (await page.locator("#booking-facts").textContent()) ?? "";
					const entries = (await page.locator("#timeline").textContent()) ?? "";
					return (
						facts.includes("FAILEDsaga") &&
						/Partner TAXI holds nothing for item .* nothing to cancel\./.test(entries)
					);
				},
				{ timeout: 30_000, interval: 1_000 },
			)
			.toBe(true);
		const timeline = (await page.locator("#timeline").textContent()) ?? "";
		expect(timeline).toContain('op_ana resumed the compensation, attempts reset: "TAXI partner is back up".');
		expect(timeline, timeline).toMatch(/Partner TAXI holds nothing for item/);
		// Times in the booking's zone, UTC on hover.
		const first = page.locator("#timeline time").first();
		expect(await first.textContent()).toMatch(/WIB$/);
		expect(await first.getAttribute("title")).toMatch(/UTC$/);
		await shot(page, "5-saga-finished");
		expect(failures).toEqual([]);
		await page.close();
	});

	it("refuses a pasted token that is not an operator's, and says so", async () => {
		const customer = await call<{ token: string }>(stack.sandboxUrl, "POST", "/auth/token", {
			body: { sub: "cust_not_an_operator" },
		});
		const page = await browser.newPage();
		await page.goto(`${stack.url}/internal/console`);
		await page.getByLabel("Operator token").fill(customer.body.token);
		await page.getByRole("button", { name: "Sign in" }).click();
		await expect.poll(() => page.locator("#sign-in-error").textContent()).toContain("refused");
		await shot(page, "6-refused");
		await page.close();
	});
});
