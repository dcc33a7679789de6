/**
 * A Durable Object's methods as its stub exposes them: the same arguments, every result a
 * promise. Used instead of the generated stub type where a result holds free-form JSON
 * (`Json` is recursive, and the RPC type mapping gives up on recursive types).
 */
export type Remote<T> = {
	[K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};
