/** Hono's environment for this app: bindings plus what middleware puts on the context. */
export interface AppEnv {
	Bindings: Env;
	Variables: {
		customerId: string;
	};
}
