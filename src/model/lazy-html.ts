/**
 * `fields` with an `html` that is read each time something asks for it, and never kept: an
 * archive's issues are all in the model, but a publish after one edit renders the HTML of a few,
 * and a server keeps the model between publishes without holding every body in memory. Spreading
 * such an object reads its HTML, to copy it.
 */
export function withLazyHtml<T extends object> (fields: T, read: () => string): T & { readonly html: string } {
  return { ...fields, get html () { return read() } }
}
