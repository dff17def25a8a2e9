/** The body an OpenAI-compatible server answers a chat completion with, saying `content`: for nock'd LLM tests. */
export function chatCompletion(content: string) {
  return {
    id: 'x',
    object: 'chat.completion',
    created: 0,
    model: 'test',
    choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
  };
}
