/**
 * Markdown is text: keep user text from turning into headings, tables or links, and keep it on one
 * line (a lone CR, or a Unicode line or paragraph separator, starts a new line in some renderers).
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>|#])/g, '\\$1').replace(/\r\n|[\r\n\u0085\u2028\u2029]/g, ' ');
}
