import { Hono } from "hono";
import script from "../../vendor/docs.txt";
// Copied from node_modules and from the orchestrator's public/docs.js by scripts/lib/assets.mjs
// before the sandbox starts; imported as text (wrangler's rule for .txt).
import scalar from "../../vendor/scalar-standalone.txt";
import type { AppEnv } from "../lib/app-env";

/**
 * The steering routes' API reference at /docs: the orchestrator's reference page (Scalar, with
 * everything that would reach another host off) for the sandbox's /openapi.json, served by this
 * worker itself rather than as static assets, whose router would sit in front of every upstream
 * call the orchestrator makes.
 */
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Order Orchestrator sandbox · Steering API</title>
<meta name="description" content="The sandbox's steering routes: faults, the Config Service, partner orders, payments and tokens.">
</head>
<body>
<noscript>The API reference needs JavaScript. The OpenAPI document itself is at <a href="/openapi.json">/openapi.json</a>.</noscript>
<div id="reference" data-openapi-url="/openapi.json" data-title="Order Orchestrator sandbox: steering"></div>
<script src="/docs.js"></script>
<script src="/vendor/scalar/standalone.js"></script>
</body>
</html>
`;

// Scalar injects its styles at run time, hence 'unsafe-inline' for styles only.
const CSP =
	"default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const javascript = (body: string) =>
	new Response(body, {
		headers: {
			"content-type": "text/javascript; charset=utf-8",
			"cache-control": "public, max-age=0, must-revalidate",
			"x-content-type-options": "nosniff",
		},
	});

export const docsPage = new Hono<AppEnv>()
	.get("/docs", (c) =>
		c.html(PAGE, 200, {
			"content-security-policy": CSP,
			"x-content-type-options": "nosniff",
			"referrer-policy": "no-referrer",
		}),
	)
	.get("/docs.js", () => javascript(script))
	.get("/vendor/scalar/standalone.js", () => javascript(scalar));
