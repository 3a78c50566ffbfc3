/**
 * List endpoints (`GET /servers`, `GET /images`, ...): filters, `label_selector`, `sort`, and
 * pagination with `meta.pagination` (`page`, `per_page`: default 25, at most 50).
 *
 * Each list declares the filters it models; any other query parameter is refused with 501, so a
 * filter the simulator does not know never returns an unfiltered list.
 *
 * Label selectors: `k=v`, `k==v`, `k!=v`, `k`, `!k`, `k in (a,b)`, `k notin (a,b)`, joined by commas.
 */
import { NotModeledError, invalidInput } from "./errors";
import type { RequestContext, Reply } from "./route";

type Item = Record<string, unknown>;

/** A filter: whether the item matches all values given for the query parameter. */
export type Filter = (item: Item, values: string[]) => boolean;

/** Filter on a string property equal to the (single) value, e.g. `name`. */
export function equals(property: string): Filter {
  return (item, values) => values.every((v) => item[property] === v);
}

/** Filter on a property equal to one of the values, e.g. `status=running&status=off`. */
export function oneOf(property: string): Filter {
  return (item, values) => values.includes(String(item[property]));
}

/** Answers a list endpoint: `{<key>: [...], meta: {pagination}}`. */
export function listReply(ctx: RequestContext, key: string, items: Item[], filters: Record<string, Filter> = {}): Reply {
  const params = [...new Set(ctx.query.keys())];
  for (const param of params) {
    if (!["page", "per_page", "sort", "label_selector", ...Object.keys(filters)].includes(param)) {
      throw new NotModeledError(`query parameter '${param}' of GET /${key}`);
    }
  }
  let result = items;
  for (const [param, filter] of Object.entries(filters)) {
    const values = ctx.query.getAll(param);
    if (values.length > 0) result = result.filter((item) => filter(item, values));
  }
  const selector = ctx.query.get("label_selector");
  if (selector) {
    const matches = parseLabelSelector(selector);
    result = result.filter((item) => matches((item.labels ?? {}) as Record<string, string>));
  }
  result = sortItems(result, ctx.query.getAll("sort"));
  return paginate(ctx, key, result);
}

function sortItems(items: Item[], sorts: string[]): Item[] {
  const keys = sorts.map((sort) => {
    const [field, direction = "asc"] = sort.split(":");
    if (!["asc", "desc"].includes(direction)) throw invalidInput("sort", `invalid sort direction '${direction}'`);
    if (items.length > 0 && !["string", "number"].includes(typeof items[0][field])) {
      throw invalidInput("sort", `cannot sort by '${field}'`);
    }
    return { field, factor: direction === "asc" ? 1 : -1 };
  });
  keys.push({ field: "id", factor: 1 });
  return [...items].sort((a, b) => {
    for (const { field, factor } of keys) {
      const x = a[field] as string | number;
      const y = b[field] as string | number;
      if (x < y) return -factor;
      if (x > y) return factor;
    }
    return 0;
  });
}

function paginate(ctx: RequestContext, key: string, items: Item[]): Reply {
  const page = positive(ctx.query.get("page"), "page", 1);
  const perPage = positive(ctx.query.get("per_page"), "per_page", 25);
  if (perPage > 50) throw invalidInput("per_page", "must be at most 50");
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  return {
    status: 200,
    body: {
      [key]: items.slice((page - 1) * perPage, page * perPage),
      meta: {
        pagination: {
          page,
          per_page: perPage,
          previous_page: page > 1 ? page - 1 : null,
          next_page: page < lastPage ? page + 1 : null,
          last_page: lastPage,
          total_entries: items.length,
        },
      },
    },
  };
}

function positive(raw: string | null, param: string, fallback: number): number {
  if (raw === null) return fallback;
  if (!/^[1-9]\d*$/.test(raw)) throw invalidInput(param, "must be a positive integer");
  return Number(raw);
}

/** Splits on commas outside parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of selector) {
    if (char === "(") depth++;
    if (char === ")") depth--;
    if (char === "," && depth === 0) {
      terms.push(current.trim());
      current = "";
    } else {
      current += char;
    }
  }
  terms.push(current.trim());
  return terms;
}

/** A predicate on labels for a label selector. */
export function parseLabelSelector(selector: string): (labels: Record<string, string>) => boolean {
  const predicates = splitTerms(selector).map((term): ((labels: Record<string, string>) => boolean) => {
    let match = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
    if (match) {
      const [, key, op, value] = match;
      return op === "!=" ? (l) => l[key] !== value : (l) => l[key] === value;
    }
    match = /^([^!=\s]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (match) {
      const [, key, op, list] = match;
      const values = list.split(",").map((v) => v.trim());
      return op === "in" ? (l) => key in l && values.includes(l[key]) : (l) => !(key in l) || !values.includes(l[key]);
    }
    match = /^(!?)([^!=\s(),]+)$/.exec(term);
    if (match) {
      const [, negate, key] = match;
      return negate ? (l) => !(key in l) : (l) => key in l;
    }
    throw invalidInput("label_selector", `invalid label selector term '${term}'`);
  });
  return (labels) => predicates.every((p) => p(labels));
}
