/** The part of autocannon 9's API the bench uses (the package ships no types). */
declare module 'autocannon' {
  type Options = {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    requests?: { setupRequest?: (request: Record<string, unknown>) => Record<string, unknown> }[];
  };
  type Histogram = { average: number; p50: number; p99: number; total: number };
  type Result = {
    duration: number;
    requests: Histogram;
    latency: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    '2xx': number;
  };
  type Instance = { stop: () => void; on: (event: 'response', listener: () => void) => void };
  export default function autocannon(options: Options, done: (error: Error | null, result: Result) => void): Instance;
}
