import type { Actor } from "./operator-auth";

/** Hono's environment for this app: bindings plus what middleware puts on the context. */
export interface AppEnv {
	Bindings: Env;
	Variables: {
		customerId: string;
		/** Who is calling an /internal route (an operator's sub, or the service token). */
		actor?: Actor;
		/** A callback handler's verdict, for the webhook metric: a repeat changed nothing. */
		webhookResult?: "applied" | "duplicate";
	};
}
