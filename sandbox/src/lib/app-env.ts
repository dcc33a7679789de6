/** Hono environment shared by every sandbox route. */
export type AppEnv = {
	Bindings: Env;
	Variables: {
		/** The request's clock reading, taken once so every rule in a request sees the same time. */
		now: Date;
	};
};
