// The scenarios: RabbitMQ's tutorials 1-7 and the acknowledgement pitfalls, as data, one file per group.
// Narration says what happened and why, in plain words, with the RabbitMQ doc section.
import type { Scenario } from '../types';
import { PITFALLS_ACKS } from './pitfallsAcks';
import { PITFALLS_DELIVERY } from './pitfallsDelivery';
import { TUTORIALS_QUEUES } from './tutorialsQueues';
import { TUTORIALS_ROUTING } from './tutorialsRouting';

/** Every scenario, tutorials first, in the order the Scenarios view lists them. */
export const SCENARIOS: readonly Scenario[] = [...TUTORIALS_QUEUES, ...TUTORIALS_ROUTING, ...PITFALLS_ACKS, ...PITFALLS_DELIVERY];

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}

/** Queues and exchanges a scenario declares (cleaned up after an AMQP run). */
export function declaredNames(s: Scenario): { queues: string[]; exchanges: string[] } {
  const queues = new Set<string>();
  const exchanges = new Set<string>();
  for (const st of s.steps) {
    if (st.do === 'declareQueue') queues.add(st.queue);
    if (st.do === 'declareExchange') exchanges.add(st.exchange);
  }
  return { queues: [...queues], exchanges: [...exchanges] };
}
