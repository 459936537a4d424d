// The rules of @hn/activities' `rawItemSchema` (packages/hn-activities/src/raw-item.ts), which
// the pipeline's client applies to every `/v0/item/{id}.json` payload. That package does not
// export the schema and does not depend on this one, so the rules are restated here.

const ITEM_TYPES = new Set(['story', 'job', 'comment', 'poll', 'pollopt']);

const isInt = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v);
const isPositiveInt = (v: unknown): boolean => isInt(v) && (v as number) > 0;

const RULES: Record<string, (v: unknown) => boolean> = {
  id: isPositiveInt,
  type: (v) => typeof v === 'string' && ITEM_TYPES.has(v),
  deleted: (v) => typeof v === 'boolean',
  dead: (v) => typeof v === 'boolean',
  by: (v) => typeof v === 'string',
  time: (v) => isInt(v) && (v as number) >= 0,
  title: (v) => typeof v === 'string',
  url: (v) => typeof v === 'string',
  text: (v) => typeof v === 'string',
  score: isInt,
  descendants: isInt,
  parent: isPositiveInt,
  poll: isPositiveInt,
  kids: (v) => Array.isArray(v) && v.every(isPositiveInt),
  parts: (v) => Array.isArray(v) && v.every(isPositiveInt),
};

/**
 * The problems the client's schema would find in a payload, plus keys it does not know (the
 * schema drops those; a fake that sends them has a bug). Empty when the payload passes.
 */
export function rawItemProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['not an object'];
  const record = value as Record<string, unknown>;
  const problems: string[] = [];
  if (!('id' in record)) problems.push('id: missing');
  for (const [key, field] of Object.entries(record)) {
    const rule = RULES[key];
    if (!rule) problems.push(`${key}: unknown key`);
    else if (!rule(field)) problems.push(`${key}: invalid ${JSON.stringify(field)}`);
  }
  return problems;
}
