import { createTheme, type MantineColorsTuple } from '@mantine/core';

/** A calm clinical blue-teal: readable in a dim reading room and on a bright ward laptop. */
const clinical: MantineColorsTuple = [
  '#e6f8f8',
  '#d6eeee',
  '#aedbdc',
  '#82c7c8',
  '#5eb6b8',
  '#47abad',
  '#38a5a7',
  '#279092',
  '#148083',
  '#006f72',
];

export const theme = createTheme({
  primaryColor: 'clinical',
  primaryShade: { light: 8, dark: 6 },
  colors: { clinical },
  defaultRadius: 'md',
  fontFamily:
    'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650' },
  cursorType: 'pointer',
  components: {
    Button: { defaultProps: { radius: 'md' } },
    Paper: { defaultProps: { radius: 'md' } },
    Modal: { defaultProps: { centered: true, radius: 'md' } },
    Tooltip: { defaultProps: { openDelay: 300, withArrow: true } },
  },
});
