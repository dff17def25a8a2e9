import { describe, expect, it } from 'vitest';
import { formatCitation as cliCitation } from '../adapters/cli/render.js';
import { formatCitation as slackCitation } from '../adapters/slack/blocks.js';
import { citationLabel as teamsLabel } from '../adapters/teams/render.js';
import { sectionLabel, sourceLabel } from '../src/core/source-label.js';
import type { Citation } from '../src/core/types.js';

const figure: Citation = {
  n: 1,
  document: 'vng-handreiking-woonzorg-jongeren-2022',
  file: '000_a4ccabf5df6f993e.txt',
  title: 'Handreiking Samenwerken aan woonzorgvoorzieningen voor jongeren in een kwetsbare positie',
  label: 'VNG-handreiking 2022',
  section: '5 Een handelingsrepertoire > 5.1 Stap 1: inventariseren',
  kind: 'figure',
  lines: [1607, 1630],
  page: 43,
  text: 'Figuur 13: thematische clustering van te inventariseren informatie …',
  score: 1,
};

describe('source label', () => {
  it('names the document by its short label, the section by number and title, the page and the figure', () => {
    expect(sourceLabel(figure)).toBe('VNG-handreiking 2022, §5.1 Stap 1: inventariseren, p. 43 (figuur 13)');
    expect(sourceLabel(figure, 'en')).toBe('VNG-handreiking 2022, §5.1 Stap 1: inventariseren, p. 43 (figure 13)');
  });

  it('leaves out what the extraction does not give, and falls back to the title without a label', () => {
    const plain = { ...figure, label: undefined, kind: 'body', page: null, section: '2.2 Huisvesting > De sleutel' };
    expect(sourceLabel(plain)).toBe(`${figure.title}, §2.2 Huisvesting – De sleutel`);
    expect(sectionLabel('Proeftuin De Ruwaard > Doorstroom')).toBe('Proeftuin De Ruwaard – Doorstroom');
  });

  it('is the same label on the terminal, in Slack and in Teams; line ranges stay out of it', () => {
    const label = sourceLabel(figure, 'nl');
    expect(cliCitation(figure, 'nl')).toBe(`[1] ${label}`);
    expect(slackCitation(figure, 'nl')).toBe(`[1] ${label}`);
    expect(teamsLabel(figure, 'nl')).toBe(label);
    expect(label).not.toMatch(/1607/);
  });
});
