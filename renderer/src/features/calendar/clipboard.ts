/** What goes into the group: the body (or the title when there is no body yet), then the attachments to send. */
export function finalText(
  item: { title: string; body: string; attachments: string[] },
  attachmentsLine: (names: string) => string,
): string {
  const text = item.body.trim() ? item.body.trimEnd() : item.title;
  return item.attachments.length > 0 ? `${text}\n\n${attachmentsLine(item.attachments.join('、'))}` : text;
}
