/** Text for a LIKE pattern, its wildcards (and the escape character) taken literally. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
