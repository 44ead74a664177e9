// rule 37: how one flush of publisher confirms is coalesced (rabbit_channel:send_confirms_and_nacks).
import { strict as assert } from 'node:assert';
import { coalesceConfirms } from '../../../src/broker/confirms';

const f = (s: string) =>
  s
    .split(' ')
    .filter(Boolean)
    .map((x) => ({ seq: Number(x.replace('n', '')), nack: x.endsWith('n') }));
const show = (s: string) =>
  coalesceConfirms(f(s))
    .map((c) => `${c.nack ? 'N' : ''}${c.deliveryTag}${c.multiple ? 'm' : ''}`)
    .join(' ');

describe('coalesced publisher confirms (rule 37)', () => {
  const cases: [string, string, string][] = [
    ['a lone ack is single', '7', '7'],
    ['a lone nack is multiple (nothing below it is unconfirmed)', '4n', 'N4m'],
    ['a run of acks: one multiple ack for the highest', '5 6 7 8', '8m'],
    ['acks above a nack of the same flush are single', '1 2 3n 4 5', '2m 4 5 N3'],
    ['nacks above an ack of the same flush are single', '1 2n 3n', '1 N2 N3'],
    ['a nack run below every ack: one multiple nack', '1n 2n 3', '3 N2m'],
    ['order of arrival does not matter', '9 7 8', '9m'],
    ['nothing, nothing sent', '', ''],
  ];
  for (const [name, input, want] of cases) it(`${name}: [${input}] → ${want || 'nothing'}`, () => assert.equal(show(input), want));
});
