/** A gate for a handler to await: its reply waits until the test calls `release`. */
export function deferred() {
  let release: () => void = () => {};
  const promise = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { promise, release };
}
