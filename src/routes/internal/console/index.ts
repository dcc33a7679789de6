import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../../lib/app-env";
import { CONSOLE_CSS, CONSOLE_HTML } from "./page";
import { CONSOLE_JS } from "./script";

/** Only this worker's own script and styles run; data comes from /internal/* with a token. */
const CSP =
	"default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * The operator console at /internal/console: a static shell (no data, so no token needed to load
 * it) with its script and styles, all served by this worker, so it works offline.
 */
export function consoleRoutes(app: OpenAPIHono<AppEnv>): void {
	const serve = (body: string, type: string) => () =>
		new Response(body, {
			headers: { "content-type": `${type}; charset=utf-8`, "content-security-policy": CSP },
		});
	app.get("/internal/console", serve(CONSOLE_HTML, "text/html"));
	app.get("/internal/console.js", serve(CONSOLE_JS, "text/javascript"));
	app.get("/internal/console.css", serve(CONSOLE_CSS, "text/css"));
}
