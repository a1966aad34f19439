/**
 * How long a bring-your-own controller module may take to import: 10 s, or
 * CTRLSIM_MODULE_TIMEOUT seconds. A module whose top-level await never
 * settles would otherwise end the process with exit code 13 and no message.
 */
export function moduleImportDeadlineMs(): number {
  const s = Number(process.env['CTRLSIM_MODULE_TIMEOUT']);
  return Number.isFinite(s) && s > 0 ? s * 1000 : 10_000;
}

/**
 * Settles like `work`, or rejects with `onTimeout()` once `ms` of wall-clock
 * time has passed. The timer also keeps the event loop alive, so an import
 * stuck on a promise nothing resolves is reported instead of silently ending
 * the process. It decides only whether a run starts, never what it computes.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
