import { describeHeldBack } from '../content/held-back.ts'
import { loadPublication, type PublicationOptions } from '../content/load-publication.ts'
import { ContentError, formatProblem, type Problem } from '../errors.ts'
import type { Output } from './options.ts'

/** Checks the whole publication and prints every problem. Exit code 1 on errors, 0 with warnings only. */
export async function validate (options: PublicationOptions, output: Output): Promise<number> {
  try {
    const { publication, warnings, heldBack } = await loadPublication(options)
    printProblems(warnings, output)
    // What is valid but not published, so a draft or a far-off date is never a surprise.
    for (const item of heldBack) output.out(`${item.file}: held back: ${describeHeldBack(item)}\n`)
    const held = heldBack.length > 0 ? `, ${heldBack.length} held back` : ''
    output.out(`${options.contentDir}: valid: ${count(publication.issues.length, 'issue')}, ${count(publication.episodes.length, 'episode')}${held}${warnings.length > 0 ? `, ${count(warnings.length, 'warning')}` : ''}\n`)
    return 0
  } catch (error) {
    if (!(error instanceof ContentError)) throw error
    printProblems(error.problems, output)
    const errors = error.problems.filter((problem) => problem.severity === 'error').length
    output.err(`${options.contentDir}: invalid: ${count(errors, 'error')}; nothing was published\n`)
    return 1
  }
}

/** Prints problems one a line, errors first, in the form editors recognise. */
export function printProblems (problems: readonly Problem[], output: Output): void {
  const ordered = [...problems.filter((problem) => problem.severity === 'error'), ...problems.filter((problem) => problem.severity === 'warning')]
  for (const problem of ordered) output.err(`${formatProblem(problem)}\n`)
}

function count (n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
