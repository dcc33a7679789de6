/** Hono's environment for this app: bindings plus what middleware puts on the context. */
export interface AppEnv {
	Bindings: Env;
	Variables: {
		customerId: string;
		/** A callback handler's verdict, for the webhook metric: a repeat changed nothing. */
		webhookResult?: "applied" | "duplicate";
	};
}
