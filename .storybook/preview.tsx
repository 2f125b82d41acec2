import type { Preview } from '@storybook/react-vite'

const preview: Preview = {
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
    // An accessibility violation fails the story, in the catalog and in `npm test`.
    a11y: { test: 'error' },
  },
  tags: ['autodocs'],
}

export default preview
