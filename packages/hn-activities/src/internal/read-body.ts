import type { Readable } from 'node:stream';

/** Thrown by {@link readBodyCapped} when the body is larger than allowed. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`response body exceeds ${maxBytes} bytes`);
  }
}

/**
 * Reads a response body as UTF-8 text, destroying the stream as soon as it passes `maxBytes`
 * so an oversized or endless body costs at most `maxBytes` of memory.
 */
export async function readBodyCapped(
  body: Readable,
  maxBytes: number,
  contentLength: string | string[] | undefined,
): Promise<string> {
  const declared = typeof contentLength === 'string' ? Number(contentLength) : Number.NaN;
  if (Number.isFinite(declared) && declared > maxBytes) {
    body.destroy();
    throw new BodyTooLargeError(maxBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      body.destroy();
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}
