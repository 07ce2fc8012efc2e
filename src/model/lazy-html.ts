// Every such object shares one getter, which finds its own reader here. A getter written per object
// (a closure in each literal) gives every object a hidden class of its own, and V8 then keeps their
// properties in a dictionary: at 10,000 issues, every pass over them (feed pages, archive pages,
// the sitemap, sorting) read each property several times slower.
const readers = new WeakMap<object, () => string>()
const html: PropertyDescriptor = {
  get (this: object) { return readers.get(this)!() },
  enumerable: true
}

/**
 * `fields` with an `html` that is read each time something asks for it, and never kept: an
 * archive's issues are all in the model, but a publish after one edit renders the HTML of a few,
 * and a server keeps the model between publishes without holding every body in memory. Spreading
 * such an object reads its HTML, to copy it.
 */
export function withLazyHtml<T extends object> (fields: T, read: () => string): T & { readonly html: string } {
  const value = Object.defineProperty({ ...fields }, 'html', html) as T & { readonly html: string }
  readers.set(value, read)
  return value
}
