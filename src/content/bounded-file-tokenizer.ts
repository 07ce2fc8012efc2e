import { constants } from 'node:fs'
import { open } from 'node:fs/promises'
import { FileTokenizer, type IReadChunkOptions } from 'strtok3'

/** Thrown when a parser asks for more bytes than the tokenizer's budget. */
export class ReadBudgetExceeded extends Error {
  override name = 'ReadBudgetExceeded'
}

/**
 * A strtok3 file tokenizer, as music-metadata reads through, that refuses to read more than a
 * budget of bytes in all. Seeking past data (what parsers do over an MP4's or WAV's audio) costs
 * nothing, so a real file's headers fit easily; a file that makes a parser scan byte by byte
 * for audio that is not there (an ID3 tag followed by zeros) stops at the budget.
 */
export class BoundedFileTokenizer extends FileTokenizer {
  private left: number

  /**
   * Opens a regular file without blocking (a FIFO fails here rather than hanging). The tokenizer
   * knows the file's size but not its name, so parsers go by its content, never its extension.
   */
  static async openBounded (file: string, budget: number): Promise<BoundedFileTokenizer> {
    const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK)
    try {
      const stats = await handle.stat()
      if (!stats.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTREGULAR' })
      return new BoundedFileTokenizer(handle, stats.size, budget)
    } catch (error) {
      await handle.close()
      throw error
    }
  }

  private constructor (handle: Awaited<ReturnType<typeof open>>, size: number, budget: number) {
    super(handle, { fileInfo: { size } })
    this.left = budget
  }

  override async readBuffer (buffer: Uint8Array, options?: IReadChunkOptions): Promise<number> {
    this.spend(options?.length ?? buffer.length)
    return await super.readBuffer(buffer, options)
  }

  override async peekBuffer (buffer: Uint8Array, options?: IReadChunkOptions): Promise<number> {
    this.spend(options?.length ?? buffer.length)
    return await super.peekBuffer(buffer, options)
  }

  private spend (bytes: number): void {
    this.left -= bytes
    if (this.left < 0) throw new ReadBudgetExceeded('read more than its budget')
  }
}
