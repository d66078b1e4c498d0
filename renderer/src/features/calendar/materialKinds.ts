/** How each kind of material looks: its icon and colour, the same in the library and the picker. */
import { IconFileText, IconLink, IconPhoto, IconTemplate, type Icon } from '@tabler/icons-react';
import type { MaterialKind } from '../../../../shared/domain/calendar/materials';

export const materialKindIcons: Record<MaterialKind, Icon> = {
  text: IconFileText,
  template: IconTemplate,
  image: IconPhoto,
  link: IconLink,
};

export const materialKindColors: Record<MaterialKind, string> = {
  text: 'blue',
  template: 'violet',
  image: 'teal',
  link: 'orange',
};
