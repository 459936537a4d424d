import { SEARCH_ATTRIBUTES } from '@hn/contract';
import type { Connection } from '@temporalio/client';

/** The API's `IndexedValueType` numbers for the SDK's search attribute type names. */
const INDEXED_VALUE_TYPES = {
  TEXT: 1,
  KEYWORD: 2,
  INT: 3,
  DOUBLE: 4,
  BOOL: 5,
  DATETIME: 6,
  KEYWORD_LIST: 7,
} as const;

/**
 * Registers the pipeline's custom search attributes (`SEARCH_ATTRIBUTES` of `@hn/contract`) on
 * a running server through its operator service. The time-skipping test server takes no
 * `--search-attribute` flag, so this is how its runs may set them; dev servers get them on the
 * command line instead. Registering attributes that already exist with the same type succeeds.
 *
 * @throws the server's error, e.g. when an attribute exists with another type.
 */
export async function registerSearchAttributes(
  connection: Connection,
  namespace = 'default',
): Promise<void> {
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(
      Object.values(SEARCH_ATTRIBUTES).map(({ name, type }) => [name, INDEXED_VALUE_TYPES[type]]),
    ),
  });
}
