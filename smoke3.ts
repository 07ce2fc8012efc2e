import { readFile } from 'node:fs/promises'
import { decodeFeedBytes } from './src/import/decode-text.ts'
import { convertBody } from './src/import/html-to-markdown.ts'
const text = decodeFeedBytes(await readFile('test/fixtures/import/wordpress.xml'))
console.log(/.Perfect./.exec(text)?.[0], [...(/.Perfect./.exec(text)?.[0] ?? '')].map(c => c.codePointAt(0)!.toString(16)))
console.log(convertBody('<p>a “Perfect” b</p>', undefined))
