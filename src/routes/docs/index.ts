import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/app-env";
import { openApiDocument } from "./document";

/**
 * The OpenAPI document. The reference that renders it lives in the static assets
 * (public/docs.html, served at /docs), so the worker only answers the document itself.
 */
export function docsRoutes(app: OpenAPIHono<AppEnv>): void {
	app.get("/openapi.json", (c) => c.json(openApiDocument(app), 200));
}
