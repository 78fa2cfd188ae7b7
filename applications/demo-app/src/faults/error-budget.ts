/**
 * Decides which requests fail so that exactly `rate` of them do: after n requests,
 * floor(n * rate) have failed. Deterministic rather than random, so any window of w consecutive
 * requests holds floor(w * rate) or ceil(w * rate) failures, and a short analysis window sees
 * the configured rate instead of a binomial draw around it (at 1% over 200 requests a coin
 * would show 0 failures one time in seven). Failures are spread evenly: at 0.1, every tenth.
 */
export class ErrorBudget {
  readonly rate: number;
  #requests = 0;
  #failures = 0;

  constructor(rate: number) {
    this.rate = rate;
  }

  /** Counts one request; true when it should fail. */
  next(): boolean {
    this.#requests++;

    // The tiny offset absorbs binary rounding: 0.29 * 100 is 28.999999999999996.
    const due = Math.floor(this.#requests * this.rate + 1e-9);
    if (due > this.#failures) {
      this.#failures++;
      return true;
    }
    return false;
  }
}
