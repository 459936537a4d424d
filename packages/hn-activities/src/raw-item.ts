import { ITEM_TYPES } from '@hn/contract';
import { z } from 'zod';

/**
 * Schema of one `/v0/item/{id}.json` payload. Only `id` is required: deleted items carry little
 * more, and `toStoryOutcome` reports missing fields a story needs as a skip with a reason.
 * Unknown fields are dropped.
 */
export const rawItemSchema = z.object({
  id: z.number().int().positive(),
  type: z.enum(ITEM_TYPES).optional(),
  deleted: z.boolean().optional(),
  dead: z.boolean().optional(),
  by: z.string().optional(),
  time: z.number().int().nonnegative().optional(),
  title: z.string().optional(),
  url: z.string().optional(),
  text: z.string().optional(),
  score: z.number().int().optional(),
  descendants: z.number().int().optional(),
  parent: z.number().int().positive().optional(),
  poll: z.number().int().positive().optional(),
  kids: z.array(z.number().int().positive()).optional(),
  parts: z.array(z.number().int().positive()).optional(),
});

/** One Hacker News item as the API returns it, after validation. */
export type RawItem = z.infer<typeof rawItemSchema>;

/** Schema of a `/v0/{list}stories.json` payload. */
export const storyIdsSchema = z.array(z.number().int().positive());

/** Most ids or user names `/v0/updates.json` may list; the real API lists a few hundred. */
export const MAX_UPDATES_ENTRIES = 10_000;

/**
 * Schema of a `/v0/updates.json` payload: the items and profiles that changed recently. Unknown
 * fields are dropped; a list longer than {@link MAX_UPDATES_ENTRIES} is refused, not truncated.
 */
export const updatesSchema = z.object({
  items: z.array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER)).max(MAX_UPDATES_ENTRIES),
  profiles: z.array(z.string().max(64)).max(MAX_UPDATES_ENTRIES),
});

/** Recently changed items and profiles, as `/v0/updates.json` lists them. */
export type HackerNewsUpdates = z.infer<typeof updatesSchema>;

const MAX_DETAIL_LENGTH = 300;

/** Formats zod issues as `path: message; ...`, short enough for a log line or a skip detail. */
export function formatIssues(error: z.ZodError): string {
  const text = error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      return path === '' ? issue.message : `${path}: ${issue.message}`;
    })
    .join('; ');
  return text.length > MAX_DETAIL_LENGTH ? `${text.slice(0, MAX_DETAIL_LENGTH - 1)}…` : text;
}
