/**
 * Base64 data URLs of photo bytes, the form photos take in exported JSON
 * and took in version 1 records. Synchronous, so migrations can run them
 * inside an IndexedDB upgrade transaction.
 */

/** Bytes per `String.fromCharCode` call, below engines' argument limits. */
const CHUNK_BYTES = 0x8000;

const DATA_URL_PATTERN =
  /^data:([a-z]+\/[a-z0-9.+-]+);base64,([A-Za-z0-9+/]*={0,2})$/;

export interface DecodedDataUrl {
  /** MIME type from the URL, e.g. `image/jpeg`. */
  type: string;
  bytes: ArrayBuffer;
}

/** Encodes bytes as a `data:TYPE;base64,...` URL. */
export function toDataUrl(type: string, bytes: ArrayBuffer): string {
  const view = new Uint8Array(bytes);
  let binary = '';
  for (let start = 0; start < view.length; start += CHUNK_BYTES) {
    binary += String.fromCharCode(...view.subarray(start, start + CHUNK_BYTES));
  }
  return `data:${type};base64,${btoa(binary)}`;
}

/**
 * Decodes a base64 data URL, or returns null if `url` is not one (other
 * encodings, parameters and malformed base64 included).
 */
export function fromDataUrl(url: string): DecodedDataUrl | null {
  const match = DATA_URL_PATTERN.exec(url);
  if (!match || match[2]!.length % 4 !== 0) {
    return null;
  }
  const binary = atob(match[2]!);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return { type: match[1]!, bytes: bytes.buffer };
}
