import type { RouteConfig, RouteHandler } from "@hono/zod-openapi";
import type { AppEnv } from "./app-env";

/** A handler for a `createRoute` route, keeping Hono's inference of its inputs and answers. */
export type AppRouteHandler<R extends RouteConfig> = RouteHandler<R, AppEnv>;
