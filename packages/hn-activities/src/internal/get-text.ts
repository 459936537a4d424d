import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import type { CallAbort } from './abort-link';

/** Thrown by {@link getText} when a successful response's body is larger than allowed. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`response body exceeds ${maxBytes} bytes`);
  }
}

/** A response as {@link getText} read it. */
export interface TextResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as UTF-8 text; empty for a status outside 200-299 (its body is drained unread). */
  text: string;
}

/** What {@link getText} sends. */
export interface TextRequest {
  origin: string;
  /** From the origin on, starting with `/`. */
  path: string;
  headers: Record<string, string>;
}

/**
 * GETs `request` on `dispatcher` and reads the body as UTF-8 text, aborting the request as soon
 * as the body passes `maxBytes` (a declared `Content-Length` above it is refused before any body
 * byte is read), so an oversized or endless body costs at most `maxBytes` of memory. The body of
 * a status outside 200-299 is drained (up to `maxBytes`) and not kept, which lets the connection
 * be reused. `call` aborting aborts the request, and the promise rejects with its reason.
 *
 * Uses undici's dispatch handler API rather than `request()`: the chunks go straight into an
 * array, with no response stream, stream events or abort listeners in between. It runs once per
 * item fetched.
 *
 * @throws {BodyTooLargeError} when a successful response's body passes `maxBytes`.
 * @throws `call.reason` once `call` aborts, or undici's error when the request fails.
 */
export function getText(
  dispatcher: Dispatcher,
  request: TextRequest,
  maxBytes: number,
  call: CallAbort,
): Promise<TextResponse> {
  return new Promise<TextResponse>((resolve, reject) => {
    dispatcher.dispatch(
      { origin: request.origin, path: request.path, method: 'GET', headers: request.headers },
      new TextHandler(maxBytes, call, resolve, reject),
    );
  });
}

class TextHandler implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private status = 0;
  private headers: IncomingHttpHeaders = {};
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private settled = false;
  private readonly onAbort = (): void => {
    this.controller?.abort(this.abortReason());
  };

  constructor(
    private readonly maxBytes: number,
    private readonly call: CallAbort,
    private readonly resolve: (response: TextResponse) => void,
    private readonly reject: (error: unknown) => void,
  ) {
    // Before undici starts the request there is no controller: `onRequestStart` checks again.
    call.once('abort', this.onAbort);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.call.aborted) controller.abort(this.abortReason());
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
  ): void {
    this.status = statusCode;
    this.headers = headers;
    const length = headers['content-length'];
    const declared = typeof length === 'string' ? Number(length) : Number.NaN;
    if (this.ok() && Number.isFinite(declared) && declared > this.maxBytes) {
      this.tooLarge(controller);
    }
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      if (this.ok()) {
        this.tooLarge(controller);
      } else {
        // An error status is what counts, not its body: stop draining one past the cap.
        this.succeed('');
        controller.abort(new BodyTooLargeError(this.maxBytes));
      }
      return;
    }
    if (this.ok()) this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (!this.ok()) {
      this.succeed('');
      return;
    }
    const { chunks } = this;
    this.succeed(
      chunks.length === 1
        ? chunks[0]!.toString('utf8')
        : Buffer.concat(chunks, this.size).toString('utf8'),
    );
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.fail(error);
  }

  private abortReason(): Error {
    const { reason } = this.call;
    return reason instanceof Error ? reason : new Error('aborted', { cause: reason });
  }

  private ok(): boolean {
    return this.status >= 200 && this.status <= 299;
  }

  private tooLarge(controller: Dispatcher.DispatchController): void {
    const error = new BodyTooLargeError(this.maxBytes);
    this.fail(error);
    controller.abort(error);
  }

  private succeed(text: string): void {
    if (this.settle()) this.resolve({ status: this.status, headers: this.headers, text });
  }

  private fail(error: unknown): void {
    if (this.settle()) this.reject(error);
  }

  /** Marks the call settled; false when it already was. */
  private settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    this.chunks.length = 0;
    this.call.removeListener('abort', this.onAbort);
    return true;
  }
}
