// Writers of one item race on a condition (a version, a revision); each round one of them wins, so a
// few rounds with a little random spacing settle a burst.
export const WRITE_ATTEMPTS = 8;

export const backoff = (attempt: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.random() * 15 * attempt));
