// The playground broker's lifecycle state: ONE value at a time, shown the same way everywhere (the
// Queues view's welcome and description, the status bar, the `acklab.brokerState` context key, the
// CLI). Transitions are a table, so an impossible one (running → starting) is a bug caught here.

export type BrokerState = 'stopped' | 'starting' | 'running' | 'stopping' | 'failed';

/** Allowed transitions: stopped → starting → running → stopping → stopped; a start can fail. */
const NEXT: { readonly [S in BrokerState]: readonly BrokerState[] } = {
  stopped: ['starting'],
  starting: ['running', 'failed'],
  running: ['stopping', 'failed'],
  stopping: ['stopped'],
  failed: ['starting', 'stopping', 'stopped'],
};

export function canMove(from: BrokerState, to: BrokerState): boolean {
  return NEXT[from].includes(to);
}

type Listener = (s: BrokerState) => void;

/** Holds the state and tells listeners about each change (in order, synchronously). */
export class StateMachine {
  private current: BrokerState = 'stopped';
  private readonly listeners = new Set<Listener>();

  get state(): BrokerState {
    return this.current;
  }

  /** Moves to `to`; throws on a transition the table does not allow (a lifecycle bug). */
  move(to: BrokerState): void {
    if (to === this.current) return;
    if (!canMove(this.current, to)) throw new Error(`playground: cannot go from ${this.current} to ${to}`);
    this.current = to;
    for (const l of [...this.listeners]) l(to);
  }

  onDidChange(fn: Listener): { dispose(): void } {
    this.listeners.add(fn);
    return { dispose: () => this.listeners.delete(fn) };
  }

  clear(): void {
    this.listeners.clear();
  }
}
