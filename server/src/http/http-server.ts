import http from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * How long a client may take to send a whole request. A 512 KB body (the largest the API reads)
 * takes under a minute even at 80 kbit/s; Node's default of 300 s let a client that announces a
 * huge body and trickles it hold a connection for five minutes.
 */
const REQUEST_TIMEOUT_MS = 120_000;

/** Requests Node refuses before the app sees them, answered in the API's JSON error shape. */
function refusalFor(error: NodeJS.ErrnoException): [status: number, code: string, message: string] {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'HEADERS_TOO_LARGE', 'The request headers are too large (cookies included, at most 16 KB).'];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'REQUEST_TIMEOUT', 'The request took too long to arrive.'];
    default:
      return [400, 'BAD_REQUEST', 'The request is not valid HTTP.'];
  }
}

/** What Node itself checks before answering: no response of this connection has started yet. */
function canAnswer(socket: Duplex): boolean {
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  return socket.writable && !inFlight?.headersSent;
}

function answerClientError(error: NodeJS.ErrnoException, socket: Duplex) {
  if (error.code !== 'ECONNRESET' && canAnswer(socket)) {
    const [status, code, message] = refusalFor(error);
    const body = JSON.stringify({ error: { code, message } });
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** The HTTP server the app and Socket.IO share, in production and in tests. */
export function createHttpServer(listener: http.RequestListener): http.Server {
  const server = http.createServer({ requestTimeout: REQUEST_TIMEOUT_MS }, listener);
  server.on('clientError', answerClientError);
  return server;
}
