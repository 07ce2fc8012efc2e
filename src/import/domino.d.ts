// The package's own declarations name the module 'domino'; it is published as @mixmark-io/domino.
declare module '@mixmark-io/domino' {
  export function createDocument (html?: string, force?: boolean): Document
}
