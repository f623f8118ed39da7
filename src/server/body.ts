// Reading a JSON request body from an untrusted client: media type, size (declared and actual),
// encoding, syntax and nesting depth are all checked before anything looks at the content.

export type BodyResult =
  | { ok: true; value: unknown; bytes: number }
  | {
      ok: false;
      status: 400 | 408 | 413 | 415;
      code: string;
      message: string;
      /** The client closed the connection mid-upload: nobody reads the answer (log, no stack). */
      aborted?: boolean;
    };

/** Limits on the shape of a parsed body, checked before any schema validation runs. */
export interface JsonShapeLimits {
  maxDepth: number;
  /** Keys of any one object: no record kind has more than a few dozen fields. */
  maxKeysPerObject?: number;
  /** Objects, arrays and values in the whole body. */
  maxNodes?: number;
}

export interface ReadJsonOptions {
  shape?: JsonShapeLimits;
  /** Milliseconds the whole body may take to arrive (a slow upload is cut off with 408). */
  deadlineMs?: number;
}

/**
 * Why the value's shape is refused, or undefined when it is within the limits. Iterative, and it
 * stops at the first breach, so an absurd body costs no more than reading it did.
 */
export function jsonShapeProblem(value: unknown, limits: JsonShapeLimits): string | undefined {
  const maxKeys = limits.maxKeysPerObject ?? Infinity;
  const maxNodes = limits.maxNodes ?? Infinity;
  let nodes = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    nodes += 1;
    if (nodes > maxNodes) return `The JSON body has more than ${maxNodes} values.`;
    if (node === null || typeof node !== 'object') continue;
    if (depth > limits.maxDepth) return 'The JSON body is nested too deeply.';
    if (Array.isArray(node)) {
      for (const child of node) stack.push([child, depth + 1]);
      continue;
    }
    const children = Object.values(node);
    if (children.length > maxKeys) return `An object in the body has more than ${maxKeys} keys.`;
    for (const child of children) stack.push([child, depth + 1]);
  }
  return undefined;
}

/** Deeper JSON than this is refused: no record kind nests anywhere near it. */
export const MAX_JSON_DEPTH = 32;

/** True for `application/json`, optionally with a UTF-8 charset parameter. */
export function isJsonMediaType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [type, ...params] = header.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((param) => {
    const [name, value] = param.split('=').map((part) => part.trim());
    return name !== 'charset' || value === 'utf-8' || value === 'utf8' || value === '"utf-8"';
  });
}

/** Depth of nested arrays and objects, computed without recursion. */
export function jsonDepth(value: unknown, stopAbove = Infinity): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    if (depth > max) max = depth;
    if (max > stopAbove) return max;
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) stack.push([child, depth + 1]);
  }
  return max;
}

/** A body up to this many times the limit is read to its end (and dropped) before the 413. */
const DRAIN_FACTOR = 4;

const tooLarge = (maxBytes: number): BodyResult => ({
  ok: false,
  status: 413,
  code: 'payload_too_large',
  message: `The request body is larger than ${maxBytes} bytes.`,
});

/** Reads and parses a JSON body of at most maxBytes, checking the bytes actually received. */
export async function readJsonBody(
  request: Request,
  maxBytes: number,
  options: ReadJsonOptions = {},
): Promise<BodyResult> {
  if (!isJsonMediaType(request.headers.get('content-type') ?? undefined)) {
    return {
      ok: false,
      status: 415,
      code: 'unsupported_media_type',
      message: 'Send the body as application/json.',
    };
  }
  const declared = request.headers.get('content-length');
  if (declared !== null && !/^\d+$/.test(declared.trim())) {
    return { ok: false, status: 400, code: 'malformed', message: 'Invalid Content-Length header.' };
  }
  const declaredTooLarge = declared !== null && Number(declared) > maxBytes;
  if (declaredTooLarge && Number(declared) > maxBytes * DRAIN_FACTOR) return tooLarge(maxBytes);
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (request.body !== null) {
    const reader = request.body.getReader();
    const deadline =
      options.deadlineMs === undefined ? undefined : performance.now() + options.deadlineMs;
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = deadline === undefined ? await reader.read() : await readBefore(reader, deadline);
      } catch (error) {
        if (error instanceof BodyDeadlineError) {
          // Cut the slow client off: its connection is closed once the 408 is written.
          reader.releaseLock();
          return {
            ok: false,
            status: 408,
            code: 'body_timeout',
            message: `The request body did not arrive within ${Math.round((options.deadlineMs ?? 0) / 1000)} s; send it again.`,
          };
        }
        // The client went away mid-upload (closed tab, lost signal): not a server error.
        return {
          ok: false,
          status: 400,
          code: 'aborted',
          message: 'The upload was aborted by the client.',
          aborted: true,
        };
      }
      const { done, value } = chunk;
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes * DRAIN_FACTOR) {
        // Stop reading but do not cancel: cancelling destroys the socket before the 413 is written.
        // The HTTP adapter drains (or closes) the rest of the body after the answer.
        reader.releaseLock();
        return tooLarge(maxBytes);
      }
      // Past the limit the bytes are read and dropped (up to DRAIN_FACTOR times the limit), so the
      // client finishes sending and reads the 413 instead of seeing its connection cut mid-upload.
      if (total > maxBytes || declaredTooLarge) chunks.length = 0;
      else chunks.push(value);
    }
  }
  if (total > maxBytes || declaredTooLarge) return tooLarge(maxBytes);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    return { ok: false, status: 400, code: 'malformed', message: 'The body is not valid UTF-8.' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, status: 400, code: 'malformed', message: 'The body is not valid JSON.' };
  }
  const problem = options.shape
    ? jsonShapeProblem(value, options.shape)
    : jsonDepth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH
      ? 'The JSON body is nested too deeply.'
      : undefined;
  if (problem !== undefined) return { ok: false, status: 400, code: 'malformed', message: problem };
  return { ok: true, value, bytes: total };
}

class BodyDeadlineError extends Error {}

/** reader.read(), or a BodyDeadlineError once performance.now() passes the deadline. */
async function readBefore(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  deadline: number,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  const left = deadline - performance.now();
  if (left <= 0) throw new BodyDeadlineError();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      reader.read(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new BodyDeadlineError()), left);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
