/**
 * The material library (素材库): reusable texts, templates with placeholders, image references (a file's name or
 * path, noted only: nothing is uploaded or copied) and links. A material goes into a draft from the item editor:
 * texts and templates into the text, images onto the attachment list, links as their description and URL.
 */

export const materialKinds = ['text', 'template', 'image', 'link'] as const;
export type MaterialKind = (typeof materialKinds)[number];

export const maxMaterialTags = 20;
export const maxMaterialTagLength = 30;

export interface Material {
  id: number;
  kind: MaterialKind;
  title: string;
  /** The text of a text or template; a description of an image or link. */
  body: string;
  /** An image's file name or path, a link's URL; '' for texts and templates. */
  reference: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

export interface MaterialTag {
  tag: string;
  count: number;
}

/** What a template's placeholders are filled with when it goes into a draft. */
export interface TemplateValues {
  date: string;
  group: string;
  title: string;
}

/** Placeholders a template may hold, in Chinese or English: {日期} / {date}, {群名} / {group}, {标题} / {title}. */
export const templatePlaceholders: Readonly<Record<string, keyof TemplateValues>> = {
  日期: 'date',
  date: 'date',
  群名: 'group',
  group: 'group',
  标题: 'title',
  title: 'title',
};

/** Fills the known placeholders; unknown ones (and empty values) stay as written so the operator sees them. */
export function fillTemplate(text: string, values: TemplateValues): string {
  return text.replace(/\{([^{}\s]{1,10})\}/g, (whole, name: string) => {
    const field = templatePlaceholders[name];
    const value = field ? values[field].trim() : '';
    return value === '' ? whole : value;
  });
}

/** What putting a material into a draft adds: text at the cursor, or a name on the attachment list. */
export type MaterialInsertion = { text: string } | { attachment: string };

export function materialInsertion(
  material: Pick<Material, 'kind' | 'body' | 'reference'>,
  values: TemplateValues,
): MaterialInsertion {
  if (material.kind === 'image') return { attachment: material.reference };
  if (material.kind === 'link') {
    const description = material.body.trim();
    return { text: description ? `${description}\n${material.reference}` : material.reference };
  }
  return { text: material.kind === 'template' ? fillTemplate(material.body, values) : material.body };
}

/** Tags as stored: trimmed, without '#', case kept, each once, empty ones dropped. */
export function normaliseTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const raw of tags) {
    const tag = raw.normalize('NFKC').trim().replace(/^#+/, '').trim();
    const key = tag.toLowerCase();
    if (tag === '' || seen.has(key)) continue;
    seen.add(key);
    result.push(tag);
  }
  return result;
}

/** A link must be http(s): the app opens nothing else. */
export function isWebLink(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
