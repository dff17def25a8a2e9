/** The asking sentences of a question ("Ik schrijf een notitie. Hoeveel …?" asks the second); all of it without a '?'. */
export function askingSentences(question: string): string {
  return question.match(/[^.!?]*\?/g)?.join(' ') ?? question;
}
