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
 *
 * Reads with `data` events and one promise per body rather than an async iterator (a promise
 * and an iterator result per chunk): it runs once per item fetched.
 */
export function readBodyCapped(
  body: Readable,
  maxBytes: number,
  contentLength: string | string[] | undefined,
): Promise<string> {
  const declared = typeof contentLength === 'string' ? Number(contentLength) : Number.NaN;
  if (Number.isFinite(declared) && declared > maxBytes) {
    discard(body);
    return Promise.reject(new BodyTooLargeError(maxBytes));
  }
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        done();
        discard(body);
        reject(new BodyTooLargeError(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      done();
      resolve(
        chunks.length === 1
          ? chunks[0]!.toString('utf8')
          : Buffer.concat(chunks, size).toString('utf8'),
      );
    };
    const onError = (error: Error): void => {
      done();
      reject(error);
    };
    // A stream destroyed without an error (an abort) closes without `end`.
    const onClose = (): void => {
      done();
      reject(new Error('response body closed before its end'));
    };
    const done = (): void => {
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      body.off('close', onClose);
    };
    body.on('data', onData);
    body.once('end', onEnd);
    body.once('error', onError);
    body.once('close', onClose);
  });
}

/** Destroys `body`; the error a destroyed body may emit afterwards (an abort) is expected. */
function discard(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}
