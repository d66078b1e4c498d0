/**
 * The send step's copy: WeChat groups are posted by hand, so the final text goes to the clipboard. The async
 * clipboard API can be refused (permissions, an unfocused window); the old selection copy is tried before giving up.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Fall through to the selection copy.
  }
  return copyBySelection(text);
}

function copyBySelection(text: string): boolean {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  try {
    area.select();
    // Deprecated but still the only synchronous fallback the browser offers.
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

/** What goes into the group: the body (or the title when there is no body yet), then the attachments to send. */
export function finalText(
  item: { title: string; body: string; attachments: string[] },
  attachmentsLine: (names: string) => string,
): string {
  const text = item.body.trim() ? item.body.trimEnd() : item.title;
  return item.attachments.length > 0 ? `${text}\n\n${attachmentsLine(item.attachments.join('、'))}` : text;
}
