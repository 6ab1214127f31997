// The part of async-exit-hook's API that the launcher uses (the package ships no types).
declare module 'async-exit-hook' {
  interface AsyncExitHook {
    (hook: (done: () => void) => void): void;
    unhookEvent(event: string): void;
  }
  const exitHook: AsyncExitHook;
  export = exitHook;
}
