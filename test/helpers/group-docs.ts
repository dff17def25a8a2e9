import type { Section } from './files.js';

// A working group's own document for the group-document tests: facts no shared document holds, so a
// citation of it can only come from the group's upload.

export const WOONVISIE_TITLE = 'Woonvisie Zwolle 2025';

export const WOONVISIE: Section[] = [
  {
    heading: '1 Opgave voor jongeren',
    paragraphs: [
      'De gemeente Zwolle bouwt tot 2030 veertig tussenvoorzieningen bij de Hanzeboog voor jongeren die uitstromen uit de jeugdzorg.',
      'De Hanzeboog ligt naast het station; de tussenvoorzieningen krijgen elk een eigen voordeur en een gedeelde woonkamer.',
    ],
  },
  {
    heading: '2 Afspraken met corporaties',
    paragraphs: [
      'Woonstichting Vechtdal reserveert jaarlijks twaalf Hanzeboogwoningen voor begeleid wonen, met voorrang voor zorgverlaters.',
    ],
  },
];

/** The same document, a year on: other numbers, so the replaced version shows. */
export const WOONVISIE_V2: Section[] = [
  {
    heading: '1 Opgave voor jongeren',
    paragraphs: [
      'De gemeente Zwolle bouwt tot 2032 zestig tussenvoorzieningen bij de Hanzeboog voor jongeren die uitstromen uit de jeugdzorg.',
    ],
  },
];

export const QUESTION = 'Hoeveel tussenvoorzieningen bouwt Zwolle bij de Hanzeboog?';
