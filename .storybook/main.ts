import type { StorybookConfig } from '@storybook/react-vite'

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', '@storybook/addon-vitest'],
  framework: { name: '@storybook/react-vite', options: {} },
  staticDirs: ['../test/public'], // MSW's service worker
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // The root vite.config.ts is a library build; the catalog is an app.
  viteFinal: (config) => ({ ...config, build: { ...config.build, lib: false } }),
}

export default config
