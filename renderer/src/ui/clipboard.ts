/**
 * Copies text for the moderator to paste into WeChat. The async Clipboard API can be refused (Electron denies every
 * permission, an unfocused window), so the old selection copy is tried before giving up.
 */
export async function writeClipboard(text: string): Promise<boolean> {
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
