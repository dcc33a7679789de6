// An API reference (Scalar, served by the worker itself) for the OpenAPI document and title the
// mount point names (data-openapi-url, data-title): the orchestrator's /docs and the sandbox's
// /docs both run this file.
// Everything that would reach another host is off: no web fonts, no request proxy (the test
// client calls this origin directly), no telemetry, no AI agent, no MCP, no links to hosted
// services. The page's CSP (public/_headers; the sandbox's in sandbox/src/docs/page.ts) allows this origin only. The mount point is not
// #api-reference: Scalar's HTML API would mount a second reference, with its defaults, there.
// The zod inside the bundle probes for eval() once (new Function), which this CSP refuses and
// reports as a violation; jitless skips the probe. Set before the bundle runs, which this script
// precedes, so the reference is created once both have run.
globalThis.__zod_globalConfig = { jitless: true };

document.addEventListener("DOMContentLoaded", () => {
	const mount = document.getElementById("reference");
	Scalar.createApiReference(mount, {
		url: mount.dataset.openapiUrl,
		title: mount.dataset.title,
		withDefaultFonts: false,
		proxyUrl: "",
		telemetry: false,
		agent: { disabled: true, hideAddApi: true },
		mcp: { disabled: true },
		showDeveloperTools: "never",
		externalUrls: {
			dashboardUrl: window.location.origin,
			registryUrl: window.location.origin,
			proxyUrl: window.location.origin,
			apiBaseUrl: window.location.origin,
		},
		hideClientButton: false,
		documentDownloadType: "json",
		defaultOpenFirstTag: true,
		expandAllResponses: false,
		orderSchemaPropertiesBy: "preserve",
		orderRequiredPropertiesFirst: true,
		theme: "default",
	});
});
