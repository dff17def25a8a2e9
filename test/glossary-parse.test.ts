import { describe, expect, it } from 'vitest';
import { mentions, nameKey, stemKey, stemSequence } from '../src/glossary/names.js';
import { LIMITS, parseTermArgs } from '../src/glossary/parse.js';

describe('begrip arguments', () => {
  it('reads show, history and agree', () => {
    expect(parseTermArgs('doorstroom')).toEqual({ kind: 'show', term: 'doorstroom' });
    expect(parseTermArgs('“beschermd wonen”?')).toEqual({ kind: 'show', term: 'beschermd wonen' });
    expect(parseTermArgs('doorstroom historie')).toEqual({ kind: 'history', term: 'doorstroom' });
    expect(parseTermArgs('Housing First history')).toEqual({ kind: 'history', term: 'Housing First' });
    expect(parseTermArgs('doorstroom vaststellen')).toEqual({ kind: 'agree', term: 'doorstroom' });
    expect(parseTermArgs('doorstroom agree')).toEqual({ kind: 'agree', term: 'doorstroom' });
  });

  it('reads a proposal with domain and synonyms anywhere after =', () => {
    expect(
      parseTermArgs('doorstroom = Verhuizen naar een zelfstandige woning [domein: sociaal] [synoniemen: doorstroming, through-flow]'),
    ).toEqual({
      kind: 'propose',
      term: 'doorstroom',
      definition: 'Verhuizen naar een zelfstandige woning',
      domain: 'sociaal',
      synonyms: ['doorstroming', 'through-flow'],
    });
    expect(parseTermArgs('omklapwoning = [domain: spatial] Een woning die de huurder overneemt')).toMatchObject({
      domain: 'ruimtelijk',
      definition: 'Een woning die de huurder overneemt',
      synonyms: undefined,
    });
    // Leaving the options out keeps the previous version's (undefined); an empty list clears them.
    expect(parseTermArgs('x = y')).toMatchObject({ domain: undefined, synonyms: undefined });
    expect(parseTermArgs('x = y [synoniemen: ] [domein: geen]')).toMatchObject({ domain: null, synonyms: [] });
  });

  it('refuses empty and oversized input with a message key', () => {
    expect(parseTermArgs('')).toMatchObject({ kind: 'error', key: 'glossary.usage' });
    expect(parseTermArgs(' = iets')).toMatchObject({ kind: 'error', key: 'glossary.empty_term' });
    expect(parseTermArgs('"" ')).toMatchObject({ kind: 'error', key: 'glossary.empty_term' });
    expect(parseTermArgs('doorstroom =   ')).toMatchObject({ kind: 'error', key: 'glossary.empty_definition' });
    expect(parseTermArgs(`${'a'.repeat(LIMITS.term + 1)} = b`)).toMatchObject({ key: 'glossary.term_too_long' });
    expect(parseTermArgs(`a = ${'b '.repeat(LIMITS.definition)}`)).toMatchObject({ key: 'glossary.definition_too_long' });
    expect(parseTermArgs('a = b [domein: medisch]')).toMatchObject({ key: 'glossary.bad_domain', vars: { value: 'medisch' } });
    expect(parseTermArgs(`a = b [synoniemen: ${Array.from({ length: 13 }, (_, i) => `s${i}`).join(', ')}]`)).toMatchObject({
      key: 'glossary.too_many_synonyms',
    });
  });
});

describe('term names', () => {
  it('folds spelling and meets inflections through Dutch stems', () => {
    expect(nameKey('Housing-First ')).toBe('housing first');
    expect(nameKey('Cliënt')).toBe('client');
    expect(stemKey('doorstroming')).toBe(stemKey('doorstroom'));
    expect(stemKey('woonzorgvoorzieningen')).toBe(stemKey('woonzorgvoorziening'));
    expect(stemKey('omklapwoningen')).toBe(stemKey('omklapwoning'));
  });

  it('finds whole multi-word names in a question, never parts of words', () => {
    const q = stemSequence('Hoeveel woonzorgvoorzieningen bieden beschermd wonen in de regio?');
    expect(mentions(q, 'woonzorgvoorziening')).toBe(true);
    expect(mentions(q, 'beschermd wonen')).toBe(true);
    expect(mentions(q, 'wonen beschermd')).toBe(false);
    expect(mentions(stemSequence('Wat doet de MOBiel team?'), 'MO')).toBe(false);
    expect(mentions(stemSequence('Wie betaalt de MO?'), 'MO')).toBe(true);
  });
});
