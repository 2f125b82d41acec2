/** `react`, `react/jsx-runtime`, `react-dom/client`… → `react-18`, `react-18/jsx-runtime`, `react-dom-18/client`…; anything else unchanged. */
export const to18 = (specifier) => specifier.replace(/^(react|react-dom)(?=\/|$)/, '$1-18')
