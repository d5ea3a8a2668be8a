/** How deep and how many-membered a JSON request body may be before `JSON.parse` sees it. */
export interface JsonShape {
  /** Nesting of objects and arrays. */
  depth: number;
  /** Object members and array items, all levels together (the `:` and `,` outside strings). */
  members: number;
}

/**
 * Why a JSON body would cost `JSON.parse` far more than its size suggests, or undefined. One pass
 * over the bytes, outside strings, counts nesting and members: 4 MB of `[` took `JSON.parse`
 * 400–490 ms here, and 4.5 MB of 279,000 one-character keys 130–170 ms, while any body this
 * service can act on nests a dozen levels and holds tens of thousands of members. The scan takes
 * about 3 ms per MB; it does not check that the JSON is well formed (`JSON.parse` does).
 *
 * ```ts
 * jsonShapeProblem(Buffer.from('[[[[1]]]]'), { depth: 3, members: 100 }) // → 'The JSON body nests deeper than 3 levels; …'
 * ```
 */
export function jsonShapeProblem(bytes: Uint8Array, shape: JsonShape): string | undefined {
  let depth = 0;
  let members = 0;
  let inString = false;
  for (let at = 0; at < bytes.length; at++) {
    const byte = bytes[at]!;
    if (inString) {
      if (byte === BACKSLASH) at++;
      else if (byte === QUOTE) inString = false;
      continue;
    }
    if (byte === QUOTE) inString = true;
    else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > shape.depth) {
        return `The JSON body nests deeper than ${shape.depth} levels; no request this service takes nests that deep.`;
      }
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) depth--;
    else if ((byte === COMMA || byte === COLON) && ++members > shape.members) {
      return `The JSON body has more than ${shape.members} members and items; no request this service can act on has that many. Send the writes as several requests.`;
    }
  }
  return undefined;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
