// Plays a scenario against a backend: performs each step (steps.ts), lets consumers react according
// to their behaviour (scenarioRun.ts), records what every actor saw, then checks the expected
// outcomes (checks.ts).
import type { Backend } from './backend';
import { checkAfter, type CheckResult } from './checks';
import { ScenarioRun, type ActorRecord } from './scenarioRun';
import { perform } from './steps';
import type { Scenario, StepWithText } from './types';

export type { ActorRecord } from './scenarioRun';
export { plain } from './scenarioRun';
export type { CheckResult } from './checks';
export { describeExpectation, versionLess } from './checks';

export interface StepRecord {
  index: number;
  step: StepWithText;
  /** What the clients saw during this step, one line each. */
  log: string[];
  skipped?: string;
  error?: string;
}

export interface RunResult {
  scenario: Scenario;
  backend: Backend['kind'];
  steps: StepRecord[];
  actors: Map<string, ActorRecord>;
  checks: CheckResult[];
  readonly passed: boolean;
}

export interface RunHooks {
  /** Called before and after each step (the playground records event-log positions here). */
  beforeStep?(index: number): void;
  afterStep?(index: number): void;
}

export async function runScenario(scenario: Scenario, backend: Backend, hooks: RunHooks = {}): Promise<RunResult> {
  const run = new ScenarioRun(scenario, backend);
  await run.connectActors();
  const steps: StepRecord[] = [];
  const checks: CheckResult[] = [];
  try {
    for (let i = 0; i < scenario.steps.length; i++) {
      const step = scenario.steps[i]!;
      run.log = [];
      hooks.beforeStep?.(i);
      const rec: StepRecord = { index: i, step, log: run.log };
      await performStep(run, rec);
      await run.settle();
      hooks.afterStep?.(i);
      steps.push(rec);
      await checkAfter(run, i, checks);
    }
    await checkAfter(run, undefined, checks);
  } finally {
    run.log = [];
  }
  return {
    scenario,
    backend: backend.kind,
    steps,
    actors: run.actors,
    checks,
    get passed() {
      return checks.every((c) => c.ok) && steps.every((s) => s.error === undefined);
    },
  };
}

/** Performs a step; a channel error it throws is an outcome (the actor's error), anything else the step's error. */
async function performStep(run: ScenarioRun, rec: StepRecord): Promise<void> {
  const step = rec.step;
  try {
    const skipped = await perform(run, step);
    if (skipped) rec.skipped = skipped;
  } catch (err) {
    // A channel error thrown by a method (the playground throws synchronously) is an outcome, not a crash.
    const e = err as { code?: unknown; message?: string; text?: string; replyText?: string };
    if (typeof e.code === 'number') {
      const actor = 'actor' in step ? step.actor : undefined;
      const text = e.replyText ?? e.text ?? e.message ?? String(err);
      if (actor && !run.actor(actor).errors.some((x) => x.code === e.code && x.text === text)) {
        run.actor(actor).errors.push({ code: e.code, text });
        run.log.push(`${actor} ✖ ${e.code} ${text}`);
      }
    } else {
      rec.error = err instanceof Error ? err.message : String(err);
      run.log.push(`error: ${rec.error}`);
    }
  }
}
