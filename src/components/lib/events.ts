// Typed CustomEvent dispatch for the elements. Each element file adds its events to the global
// HTMLElementEventMap (next to its HTMLElementTagNameMap entry, so importing one element's file types its
// listeners); fire() only accepts a name that is in that map and a detail of the declared type, so the emitted
// events and their documented types cannot drift apart.

/** The `detail` type of a CustomEvent listed in HTMLElementEventMap. */
export type DetailOf<K extends keyof HTMLElementEventMap> = HTMLElementEventMap[K] extends CustomEvent<infer D> ? D : never;

/** Names in HTMLElementEventMap whose event is a CustomEvent (the elements' own events). */
export type CustomEventName = { [K in keyof HTMLElementEventMap]: HTMLElementEventMap[K] extends CustomEvent<unknown> ? K : never }[keyof HTMLElementEventMap];

/** Dispatches a bubbling, composed CustomEvent (it crosses shadow roots, as every element's events do). */
export function fire<K extends CustomEventName>(host: HTMLElement, name: K, detail: DetailOf<K>): boolean {
  return host.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}

/** The detail of the elements' `*-error` events. */
export interface ComponentErrorDetail {
  message: string;
}
