import { createTheme, type MantineColorsTuple } from '@mantine/core';

/** A calm green-teal, close to the chat apps moderators live in, without copying any brand colour. */
const brand: MantineColorsTuple = [
  '#e6faf3',
  '#d3f1e6',
  '#a8e2cb',
  '#79d2ae',
  '#53c496',
  '#3bbb87',
  '#2db77e',
  '#1ea06c',
  '#118e5f',
  '#007b4f',
];

/** System CJK fonts only: nothing is downloaded (the CSP allows no remote fonts). */
const fontFamily =
  'system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", sans-serif';

export const theme = createTheme({
  primaryColor: 'brand',
  primaryShade: { light: 7, dark: 6 },
  colors: { brand },
  fontFamily,
  headings: { fontFamily, fontWeight: '600' },
  fontFamilyMonospace:
    'ui-monospace, "SFMono-Regular", "Cascadia Mono", Menlo, Consolas, "Noto Sans Mono CJK SC", monospace',
  defaultRadius: 'md',
  cursorType: 'pointer',
  components: {
    Tooltip: { defaultProps: { openDelay: 300, withArrow: true } },
    // Chinese has no case and English labels read better as written.
    Badge: { styles: { root: { textTransform: 'none' } } },
    Modal: { defaultProps: { centered: true, overlayProps: { backgroundOpacity: 0.45, blur: 2 } } },
  },
});
