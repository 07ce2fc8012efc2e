import path from 'node:path'
import { FileSystemConfigLoader, HtmlValidate } from 'html-validate'
import { ROOT } from './helpers.ts'

// The repository's own .htmlvalidate.json, found the way `npx html-validate` finds it: the tests
// and a person checking a built page by hand see the same rules and the same verdict.
const validator = new HtmlValidate(new FileSystemConfigLoader())

/** What html-validate finds wrong with a document (`line:column rule: message`); empty when it is valid. */
export async function htmlProblems (html: string): Promise<string[]> {
  const report = await validator.validateString(html, path.join(ROOT, 'page.html'))
  return report.results.flatMap((result) => result.messages).map((message) => `${message.line}:${message.column} ${message.ruleId}: ${message.message}`)
}
