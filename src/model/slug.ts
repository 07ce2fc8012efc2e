/**
 * The one rule that turns a name into a URL segment, shared by tags and content file names:
 * lower case, accents dropped (Ünïcode → unicode), every run of other characters a single hyphen,
 * no hyphen at either end. Letters of other scripts stay as they are (機械学習), since they are as
 * stable as ASCII and percent-encoding keeps them valid in any URL. Returns '' when nothing is left
 * (a name of dots or punctuation only); each caller decides what that means.
 */
export function slugify (name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '')
}

/**
 * The slug of an issue or episode file, from its name without `.md`: a leading ISO date (the
 * Jekyll convention, `2023-01-27-title`) is not part of it. `h Ünïcode file name` →
 * `h-unicode-file-name`; '' for a name such as `..` that has no letters or digits.
 */
export function fileNameSlug (name: string): string {
  return slugify(name.replace(/^\d{4}-\d{2}-\d{2}-/, ''))
}
