/** Cuts text to `max` characters with an ellipsis (labels, headers, previews). */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
