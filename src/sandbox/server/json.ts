// Serialises stored objects once: stored objects never change, so their JSON (text and UTF-8 bytes) is cached per object.
import type { KubeObject } from '../store.js';

const cache = new WeakMap<object, string>();

export function objectJson(object: KubeObject): string {
  let text = cache.get(object);
  if (text === undefined) {
    text = JSON.stringify(object);
    cache.set(object, text);
  }
  return text;
}

const bytesCache = new WeakMap<object, Buffer>();

/** The object's JSON as UTF-8 bytes, cached: list pages are concatenated from these without re-encoding. */
export function objectJsonBytes(object: KubeObject): Buffer {
  let bytes = bytesCache.get(object);
  if (bytes === undefined) {
    bytes = Buffer.from(objectJson(object));
    bytesCache.set(object, bytes);
  }
  return bytes;
}
