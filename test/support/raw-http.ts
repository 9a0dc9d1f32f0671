import { connect } from 'node:net';

/** What a raw request got back: the status of the first response line, or how the exchange ended. */
export interface RawAnswer {
  status: number | 'closed' | 'timeout';
  text: string;
}

/**
 * Sends bytes as they are to a local server and reads the answer: for requests `fetch` would
 * never send (malformed request lines, absolute-form targets, raw bytes in the path).
 */
export function sendRaw(port: number, request: string | Buffer, timeoutMs = 5_000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ status: 'timeout', text: Buffer.concat(chunks).toString('latin1') });
    }, timeoutMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1];
      resolve({ status: status ? Number(status) : 'closed', text });
    });
    socket.write(request);
  });
}

/** A request with `Connection: close`, so the server hangs up once it has answered. */
export function rawRequest(method: string, target: string, headers: Record<string, string> = {}, body = ''): Buffer {
  const payload = Buffer.from(body, 'utf8');
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (payload.length > 0 || method === 'POST' || method === 'PUT') lines.push(`Content-Length: ${payload.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), payload]);
}
