// autocannon ships no types and @types/autocannon is not a dependency: this declares only the part
// of its programmatic API the benchmark uses (autocannon 8, README "API" and "Results").
declare module 'autocannon' {
  export interface Options {
    url: string
    connections?: number
    pipelining?: number
    /** Seconds. */
    duration?: number
    headers?: Record<string, string>
  }

  export interface Histogram {
    average: number
    stddev: number
    min: number
    max: number
  }

  export interface Result {
    /** Completed requests per one-second sample. */
    requests: Histogram
    /** Response bytes (headers included) per one-second sample. */
    throughput: Histogram
    /** Milliseconds. */
    latency: Histogram
    totalCompletedRequests: number
    errors: number
    timeouts: number
    non2xx: number
    statusCodeStats: Record<string, { count: number }>
  }

  /** Without a callback the instance is also a promise of the result. */
  export default function autocannon (options: Options): Promise<Result>
}
