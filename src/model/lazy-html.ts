/**
 * `fields` with an `html` that is read the first time something asks for it. An archive's issues
 * are all in the model, but a publish after one edit renders the HTML of a few: the rest is never
 * read from the cache. Spreading such an object reads its HTML, to copy it.
 */
export function withLazyHtml<T extends object> (fields: T, read: () => string): T & { readonly html: string } {
  let html: string | undefined
  return { ...fields, get html () { return (html ??= read()) } }
}
