type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
	!!value && typeof value === "object" && !Array.isArray(value);

/** The one value a schema allows (`const`, or an enum of one), if it has one. */
function literal(schema: unknown): unknown {
	if (!isObject(schema)) return undefined;
	if ("const" in schema) return schema.const;
	if (Array.isArray(schema.enum) && schema.enum.length === 1) return schema.enum[0];
	return undefined;
}

function resolve(schema: unknown, schemas: Json): Json | undefined {
	if (!isObject(schema)) return undefined;
	if (typeof schema.$ref === "string") return resolve(schemas[schema.$ref.split("/").pop() ?? ""], schemas);
	return schema;
}

/** The property every variant requires and fixes to its own value: the union's discriminator. */
function discriminatorOf(variants: unknown[], schemas: Json): string | undefined {
	const objects = variants.map((variant) => resolve(variant, schemas));
	const shapes = objects.flatMap((variant) =>
		variant && isObject(variant.properties)
			? [
					{
						properties: variant.properties,
						required: Array.isArray(variant.required) ? variant.required : [],
					},
				]
			: [],
	);
	const [first] = shapes;
	if (!first || shapes.length !== variants.length) return undefined;
	return Object.keys(first.properties).find((name) => {
		const values = shapes.map(({ properties, required }) =>
			required.includes(name) ? literal(properties[name]) : undefined,
		);
		return values.every((value) => value !== undefined) && new Set(values).size === values.length;
	});
}

/**
 * zod-openapi renders a discriminated union as a bare `oneOf` of inline objects; renderers (and
 * code generators) need the `discriminator` to tell the variants apart, so it is added to every
 * `oneOf` whose variants each fix one shared required property to a value of their own; an
 * inline variant without a title takes that value as its title.
 */
export function withDiscriminators<T>(document: T): T {
	const schemas = (isObject(document) && isObject(document.components) && document.components.schemas) || {};
	const visit = (node: unknown): void => {
		if (Array.isArray(node)) {
			for (const item of node) visit(item);
			return;
		}
		if (!isObject(node)) return;
		if (Array.isArray(node.oneOf) && !node.discriminator) {
			const propertyName = discriminatorOf(node.oneOf, schemas as Json);
			if (propertyName) {
				node.discriminator = { propertyName };
				// An inline variant is named by its value (TAXI, RENT, …) in the renderer's selector.
				for (const variant of node.oneOf) {
					if (isObject(variant) && !variant.$ref && !variant.title && isObject(variant.properties))
						variant.title = String(literal(variant.properties[propertyName]));
				}
			}
		}
		for (const value of Object.values(node)) visit(value);
	};
	visit(document);
	return document;
}
