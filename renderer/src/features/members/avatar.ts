const avatarColors = ['brand', 'blue', 'grape', 'orange', 'cyan', 'pink', 'indigo', 'teal'];

/** A stable colour per member, so the same person looks the same across screens. */
export function avatarColor(seed: number): string {
  return avatarColors[seed % avatarColors.length] ?? 'gray';
}
