// The example lives inside the react-cello repository, whose own lockfile would otherwise make
// Next treat the repository root as the workspace root.
/** @type {import('next').NextConfig} */
const nextConfig = {
  turbopack: { root: import.meta.dirname },
  outputFileTracingRoot: import.meta.dirname,
}

export default nextConfig
