// A real browser for the page tests: Debian's chromium through playwright-core, one context per
// viewport (desktop 1280 wide, phone 390×844), full-page screenshots under test-results/, and
// axe-core's serious and critical violations of the page as it stands.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { ROOT } from "../../scripts/lib/workers.mjs";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const VIEWPORTS = {
	desktop: { width: 1280, height: 900 },
	phone: { width: 390, height: 844 },
} as const;
export type Viewport = keyof typeof VIEWPORTS;

export function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: CHROMIUM,
		args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
	});
}

/** A fresh context (own storage) in `viewport`, speaking `locale` (navigator.language). */
export function newContext(browser: Browser, viewport: Viewport, locale = "en-US"): Promise<BrowserContext> {
	return browser.newContext({
		viewport: VIEWPORTS[viewport],
		locale,
		...(viewport === "phone" ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
	});
}

/** Page errors and failed console lines a test can assert empty at its end. */
export function watchErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on("pageerror", (error) => errors.push(`pageerror: ${String(error)}`));
	page.on("console", (message) => {
		// A refused request is shown by the page itself; the browser's own line says nothing more.
		if (message.type() === "error" && !/Failed to load resource/.test(message.text()))
			errors.push(`console: ${message.text()}`);
	});
	return errors;
}

export function screenshots(folder: string) {
	const dir = path.join(ROOT, "test-results", folder);
	mkdirSync(dir, { recursive: true });
	const taken: string[] = [];
	return {
		taken,
		async shot(page: Page, name: string): Promise<void> {
			const file = path.join(dir, `${name}.png`);
			await page.screenshot({ path: file, fullPage: true });
			taken.push(path.relative(ROOT, file));
		},
	};
}

export interface AxeFinding {
	id: string;
	impact: string;
	help: string;
	targets: string[];
}

/**
 * axe-core on the page as it is now: the violations of impact serious or critical (the ones a
 * test fails on) and, for the record, every violation's rule id by impact.
 */
export async function audit(
	page: Page,
): Promise<{ serious: AxeFinding[]; byImpact: Record<string, string[]> }> {
	const results = await new AxeBuilder({ page }).analyze();
	const byImpact: Record<string, string[]> = {};
	for (const v of results.violations) {
		const impact = v.impact ?? "unknown";
		byImpact[impact] = [...(byImpact[impact] ?? []), v.id];
	}
	const serious = results.violations
		.filter((v) => v.impact === "serious" || v.impact === "critical")
		.map((v) => ({
			id: v.id,
			impact: v.impact ?? "",
			help: v.help,
			targets: v.nodes.map((n) => n.target.join(" ")),
		}));
	return { serious, byImpact };
}
