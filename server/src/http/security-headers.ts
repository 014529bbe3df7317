import type { RequestHandler } from 'express';
import helmet from 'helmet';

// Svelte sets inline style attributes; QR codes are data: images.
const directives = { 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] };

const overHttps = helmet({ contentSecurityPolicy: { directives } });
// Over plain HTTP (a teacher's laptop on the school LAN) the browser must not be told to switch
// to HTTPS: there is none, and the page would load without its scripts.
const overHttp = helmet({
  contentSecurityPolicy: { directives: { ...directives, 'upgrade-insecure-requests': null } },
  strictTransportSecurity: false,
});

/**
 * Helmet's headers, following the scheme the browser actually used: directly, or as a trusted
 * proxy reports it (`X-Forwarded-Proto`, through Express's "trust proxy").
 */
export const securityHeaders: RequestHandler = (req, res, next) => (req.secure ? overHttps : overHttp)(req, res, next);
