/**
 * The renderer's Content-Security-Policy: nothing remote, no eval. Mantine sets inline styles, hence
 * 'unsafe-inline' for styles only. Served as a header by the app:// protocol and by browser mode.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');
