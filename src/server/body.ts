// Reading a JSON request body from an untrusted client: media type, size (declared and actual),
// encoding, syntax and nesting depth are all checked before anything looks at the content.

export type BodyResult =
  | { ok: true; value: unknown; bytes: number }
  | { ok: false; status: 400 | 413 | 415; code: string; message: string };

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
export async function readJsonBody(request: Request, maxBytes: number): Promise<BodyResult> {
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
    for (;;) {
      const { done, value } = await reader.read();
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
  if (jsonDepth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    return {
      ok: false,
      status: 400,
      code: 'malformed',
      message: 'The JSON body is nested too deeply.',
    };
  }
  return { ok: true, value, bytes: total };
}
