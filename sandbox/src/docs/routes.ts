import { Hono } from "hono";
import type { AppEnv } from "../lib/app-env";
import { sandboxDocument } from "./openapi";

/** The steering routes' OpenAPI document; /docs (docs/page.ts) renders it. */
export const docs = new Hono<AppEnv>().get("/openapi.json", (c) => c.json(sandboxDocument, 200));
