/**
 * Renders the OpenAPI document as a self-contained HTML reference: no scripts, no fonts,
 * no CDN, so /docs works offline and in any browser.
 */
type Json = Record<string, unknown>;

const esc = (value: unknown) => String(value ?? "").replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const obj = (value: unknown): Json => (value && typeof value === "object" ? (value as Json) : {});
const refName = (ref: string) => ref.split("/").pop() ?? ref;

function typeOf(schema: Json): string {
	if (typeof schema.$ref === "string") return refName(schema.$ref);
	if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
	if ("const" in schema) return JSON.stringify(schema.const);
	if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) {
		const options = (schema.oneOf ?? schema.anyOf) as Json[];
		return options.map((option) => typeOf(obj(option))).join(" | ");
	}
	if (schema.type === "array") return `${typeOf(obj(schema.items))}[]`;
	const format = typeof schema.format === "string" ? ` (${schema.format})` : "";
	return `${Array.isArray(schema.type) ? schema.type.join(" | ") : String(schema.type ?? "object")}${format}`;
}

function constraints(schema: Json): string {
	const parts: string[] = [];
	for (const [key, label] of [
		["minimum", "≥"],
		["maximum", "≤"],
		["minLength", "min length"],
		["maxLength", "max length"],
		["pattern", "pattern"],
	] as const) {
		if (schema[key] !== undefined) parts.push(`${label} ${schema[key]}`);
	}
	return parts.join(", ");
}

function fields(schema: Json, depth = 0): string {
	const properties = obj(schema.properties);
	const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
	const rows = Object.entries(properties).map(([name, raw]) => {
		const prop = obj(raw);
		const nested = prop.type === "object" && prop.properties && depth < 3 ? fields(prop, depth + 1) : "";
		const example =
			prop.example !== undefined
				? `<div class="ex">e.g. <code>${esc(JSON.stringify(prop.example))}</code></div>`
				: "";
		return `<tr><td><code>${esc(name)}</code>${required.has(name) ? "" : ' <span class="opt">optional</span>'}</td><td><code>${esc(typeOf(prop))}</code> ${esc(constraints(prop))}</td><td>${esc(prop.description)}${example}${nested}</td></tr>`;
	});
	return rows.length
		? `<table><tr><th>Field</th><th>Type</th><th>Description</th></tr>${rows.join("")}</table>`
		: "";
}

function schemaBlock(schema: Json): string {
	const variants = (schema.oneOf ?? schema.anyOf) as Json[] | undefined;
	if (Array.isArray(variants)) {
		return variants.map((variant) => `<div class="variant">${esc(typeOf(obj(variant)))}</div>`).join("");
	}
	return `<div><code>${esc(typeOf(schema))}</code></div>${fields(schema)}`;
}

function operation(method: string, path: string, op: Json): string {
	const params = (Array.isArray(op.parameters) ? op.parameters : []).map(obj);
	const body = obj(obj(obj(op.requestBody).content)["application/json"]).schema;
	const responses = Object.entries(obj(op.responses)).map(([status, raw]) => {
		const response = obj(raw);
		const [type, media] = Object.entries(obj(response.content))[0] ?? ["", {}];
		const schema = obj(obj(media).schema);
		return `<tr><td><b>${esc(status)}</b></td><td>${esc(type)} ${schema.$ref || schema.type ? `<code>${esc(typeOf(schema))}</code>` : ""}</td><td>${esc(response.description)}</td></tr>`;
	});
	const secured = Array.isArray(op.security) && op.security.length > 0;
	return `<section class="op" id="${esc(op.operationId)}">
<h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${esc(path)}</code> <span class="id">${esc(op.operationId)}</span></h3>
<p><b>${esc(op.summary)}</b>${secured ? ' <span class="auth">Bearer token</span>' : ""}</p>
${op.description ? `<p>${esc(op.description)}</p>` : ""}
${params.length ? `<h4>Parameters</h4><table><tr><th>Name</th><th>In</th><th>Description</th></tr>${params.map((p) => `<tr><td><code>${esc(p.name)}</code>${p.required ? "" : ' <span class="opt">optional</span>'}</td><td>${esc(p.in)}</td><td>${esc(obj(p.schema).description ?? p.description)}</td></tr>`).join("")}</table>` : ""}
${body ? `<h4>Request body</h4>${schemaBlock(obj(body))}` : ""}
<h4>Responses</h4><table><tr><th>Status</th><th>Body</th><th>Meaning</th></tr>${responses.join("")}</table>
</section>`;
}

export function renderReference(document: unknown): string {
	const doc = obj(document);
	const info = obj(doc.info);
	const byTag = new Map<string, string[]>();
	const toc: string[] = [];
	for (const [path, item] of Object.entries(obj(doc.paths))) {
		for (const [method, raw] of Object.entries(obj(item))) {
			const op = obj(raw);
			const tag = Array.isArray(op.tags) && typeof op.tags[0] === "string" ? op.tags[0] : "Other";
			byTag.set(tag, [...(byTag.get(tag) ?? []), operation(method, path, op)]);
			toc.push(`<li><a href="#${esc(op.operationId)}">${esc(op.operationId)}</a></li>`);
		}
	}
	const schemas = Object.entries(obj(obj(doc.components).schemas)).map(
		([name, schema]) =>
			`<section class="op" id="schema-${esc(name)}"><h3>${esc(name)}</h3>${schemaBlock(obj(schema))}</section>`,
	);
	return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(info.title)}</title><style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;display:flex;color:#1d2433}nav{width:240px;padding:16px;background:#f4f6fa;height:100vh;overflow:auto;position:sticky;top:0}
nav ul{list-style:none;padding:0}main{flex:1;padding:24px 40px;max-width:1000px}h3{margin:0 0 8px}.op{border:1px solid #dde3ee;border-radius:8px;padding:16px;margin:16px 0}
.m{color:#fff;border-radius:4px;padding:2px 8px;font-size:13px}.get{background:#2f7d32}.post{background:#1f5fbf}.put{background:#8a5a00}.patch{background:#6b3fa0}.delete{background:#b3261e}
.id{color:#667;font-weight:normal;font-size:14px}table{border-collapse:collapse;width:100%;margin:8px 0}td,th{border-bottom:1px solid #eef1f6;text-align:left;padding:6px;vertical-align:top}
.opt{color:#889;font-size:12px}.auth{background:#fff4d6;border-radius:4px;padding:1px 6px;font-size:12px}.ex{color:#667;font-size:13px}.variant{font-family:monospace}code{font-size:13px}
</style></head><body><nav><b>${esc(info.title)}</b><p>v${esc(info.version)} · <a href="/openapi.json">openapi.json</a></p><ul>${toc.join("")}</ul></nav>
<main><h1>${esc(info.title)}</h1><p>${esc(info.description)}</p>
${[...byTag].map(([tag, ops]) => `<h2>${esc(tag)}</h2>${ops.join("")}`).join("")}
<h2>Schemas</h2>${schemas.join("")}</main></body></html>`;
}
