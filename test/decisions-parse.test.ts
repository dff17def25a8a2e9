import { describe, expect, it } from 'vitest';
import { LIMITS, parseDecisionArgs } from '../src/decisions/parse.js';

describe('besluit arguments', () => {
  it('records text, with an item code and a replaced number', () => {
    expect(parseDecisionArgs('We starten in mei')).toEqual({ kind: 'record', text: 'We starten in mei', stepItem: null, replaces: null });
    expect(parseDecisionArgs('d2: 20 woningen per jaar')).toEqual({
      kind: 'record',
      text: '20 woningen per jaar',
      stepItem: 'D2',
      replaces: null,
    });
    expect(parseDecisionArgs('AB-C12: iets')).toMatchObject({ stepItem: 'AB-C12', text: 'iets' });
    expect(parseDecisionArgs('25 woningen per jaar vervangt 3')).toEqual({
      kind: 'record',
      text: '25 woningen per jaar',
      stepItem: null,
      replaces: 3,
    });
    expect(parseDecisionArgs('25 homes a year (replaces #3)')).toMatchObject({ text: '25 homes a year', replaces: 3 });
    // A number at the start followed by ordinary words is a decision, not a status change.
    expect(parseDecisionArgs('3 woningen voor de pilot')).toMatchObject({ kind: 'record', text: '3 woningen voor de pilot' });
  });

  it('reads show and status changes with a reason', () => {
    expect(parseDecisionArgs('#4')).toEqual({ kind: 'show', number: 4 });
    expect(parseDecisionArgs('4 herzien')).toEqual({ kind: 'revise_ask', number: 4 });
    expect(parseDecisionArgs('4 herzien nieuwe cijfers')).toEqual({
      kind: 'status',
      number: 4,
      status: 'herzien',
      reason: 'nieuwe cijfers',
    });
    expect(parseDecisionArgs('4 herzien: 25 woningen reden: nieuwe cijfers')).toEqual({
      kind: 'revise',
      number: 4,
      text: '25 woningen',
      reason: 'nieuwe cijfers',
    });
    expect(parseDecisionArgs('4 intrekken: budget vervalt')).toEqual({
      kind: 'status',
      number: 4,
      status: 'ingetrokken',
      reason: 'budget vervalt',
    });
    expect(parseDecisionArgs('4 withdraw no budget')).toMatchObject({ status: 'ingetrokken', reason: 'no budget' });
    expect(parseDecisionArgs('4 revise because')).toMatchObject({ status: 'herzien' });
  });

  it('refuses empty and oversized input', () => {
    expect(parseDecisionArgs('  ')).toMatchObject({ kind: 'error', key: 'decisions.usage' });
    expect(parseDecisionArgs('D2:  ')).toMatchObject({ kind: 'error', key: 'decisions.empty' });
    expect(parseDecisionArgs('x'.repeat(LIMITS.text + 1))).toMatchObject({ key: 'decisions.too_long' });
    expect(parseDecisionArgs(`1 intrekken ${'r'.repeat(LIMITS.reason + 1)}`)).toMatchObject({ key: 'decisions.reason_too_long' });
  });
});
