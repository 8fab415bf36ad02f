// Serialises stored objects once: stored objects never change, so their JSON text is cached per object.
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
