/** Launch options for Debian's Chromium (scripts/chromiumLaunchOptions.mjs). */
export declare const chromiumLaunchOptions: { executablePath: string; args: string[] }
