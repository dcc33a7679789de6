/** Files wrangler bundles as text (its default rule for .txt): the module is the file's content. */
declare module "*.txt" {
	const text: string;
	export default text;
}
