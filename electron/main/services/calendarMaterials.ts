/**
 * The material library (素材库): save, find (by words of the title, text, reference or tags, and by the pinyin of
 * title and tags: `cj` and `chunjie` both find 春节), list tags, delete. Every change is audited.
 */
import {
  normaliseTags,
  type Material,
  type MaterialKind,
  type MaterialTag,
} from '../../../shared/domain/calendar/materials';
import type { MaterialInput } from '../../../shared/ipc/channels/calendar';
import { AppError } from '../../../shared/ipc/errors';
import { recordAudit } from '../db/repositories/audit';
import {
  deleteMaterial,
  findMaterial,
  insertMaterial,
  listMaterials,
  materialTags,
  updateMaterial,
  type StoredMaterial,
} from '../db/repositories/calendarMaterials';
import { pinyinKeys, searchForm } from '../db/repositories/memberNames';
import { iso } from './calendar';
import type { ServiceContext } from './context';

/** Enough for any library a team keeps by hand; the list is searched, not scrolled. */
const maxListed = 500;

function materialView(material: StoredMaterial): Material {
  return { ...material, createdAt: iso(material.createdAt), updatedAt: iso(material.updatedAt) };
}

/** The text a search looks in: the words as written (lower case) and the pinyin of the title and the tags. */
export function materialSearchText(fields: {
  title: string;
  body: string;
  reference: string;
  tags: readonly string[];
}): string {
  const pinyin = [fields.title, ...fields.tags].flatMap((text) => {
    const keys = pinyinKeys(text);
    return [keys.full, keys.initials];
  });
  return searchForm([fields.title, fields.body, fields.reference, ...fields.tags, ...pinyin].join('\n'));
}

export function searchTerms(query: string | undefined): string[] {
  return searchForm(query ?? '')
    .split(/\s+/)
    .filter((term) => term !== '');
}

export function listMaterialViews(
  context: ServiceContext,
  filter: { query?: string | undefined; tag?: string | undefined; kind?: MaterialKind | undefined },
): Material[] {
  return listMaterials(context.db, {
    terms: searchTerms(filter.query),
    tag: filter.tag,
    kind: filter.kind,
    limit: maxListed,
  }).map(materialView);
}

export function listMaterialTags(context: ServiceContext): MaterialTag[] {
  return materialTags(context.db);
}

function requireMaterial(context: ServiceContext, id: number): StoredMaterial {
  const material = findMaterial(context.db, id);
  if (!material) throw new AppError('NOT_FOUND', 'calendar.errors.materialNotFound', { id });
  return material;
}

function audit(context: ServiceContext, action: string, id: number, detail: unknown): void {
  recordAudit(context.db, context.now(), {
    operator: context.operator(),
    action,
    entity: 'material',
    entityId: id,
    detail,
  });
}

export function saveMaterial(context: ServiceContext, input: MaterialInput): Material {
  const id = context.db.transaction(() => {
    const tags = normaliseTags(input.tags);
    // Texts and templates have no reference; a stray one from a kind switch in the form is dropped.
    const reference = input.kind === 'image' || input.kind === 'link' ? input.reference : '';
    const fields = {
      kind: input.kind,
      title: input.title,
      body: input.body,
      reference,
      tags,
      searchText: materialSearchText({ ...input, reference, tags }),
    };
    const now = context.now();
    const detail = { kind: fields.kind, title: fields.title, tags };
    if (input.id === undefined) {
      const newId = insertMaterial(context.db, fields, now);
      audit(context, 'create', newId, detail);
      return newId;
    }
    requireMaterial(context, input.id);
    updateMaterial(context.db, input.id, fields, now);
    audit(context, 'update', input.id, detail);
    return input.id;
  })();
  return materialView(requireMaterial(context, id));
}

export function removeMaterial(context: ServiceContext, id: number): void {
  context.db.transaction(() => {
    const material = requireMaterial(context, id);
    deleteMaterial(context.db, id);
    audit(context, 'delete', id, { kind: material.kind, title: material.title });
  })();
}
