import type { Plugin } from 'vite'

/** Path the browser tests load the fake attribution script from (real HTTP, so delays and 404s are real). */
export const FAKE_SCRIPT_PATH = '/__cello/cello-attribution.js'

/** Serves the fake attribution script from the test server at {@link FAKE_SCRIPT_PATH}. */
export function fakeScriptServer(): Plugin {
  return {
    name: 'react-cello:fake-attribution-script',
    configureServer(server) {
      server.middlewares.use(FAKE_SCRIPT_PATH, (request, response, next) => {
        // Loaded through Vite at request time, so the config itself imports nothing from src.
        server
          .ssrLoadModule('/src/testing/fakes/fakeAttributionScriptHandler.ts')
          .then((mod) => mod.fakeAttributionScriptHandler()(request, response))
          .catch(next)
      })
    },
  }
}
