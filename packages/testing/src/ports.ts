import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * A TCP port on 127.0.0.1 that was free a moment ago, for a process the caller starts next.
 * Taken below the kernel's ephemeral range (Linux's `ip_local_port_range`), where a port the
 * system hands out is free only until any outgoing connection takes it as its local port, which
 * a busy test run does thousands of times. Falls back to a port from that range where there is
 * none below it.
 */
export async function freePort(): Promise<number> {
  const [low] = ephemeralRange();
  const first = 10_000;
  for (let attempt = 0; low > first + 1 && attempt < 50; attempt++) {
    const port = first + Math.floor(Math.random() * (low - first));
    if (await isPortFree(port)) return port;
  }
  return ephemeralPort();
}

/** The kernel's range of local ports for outgoing connections (Linux), else IANA's. */
function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    if (Number.isInteger(low) && Number.isInteger(high)) return [low!, high!];
  } catch {
    // Not Linux.
  }
  return [49_152, 65_535];
}

function ephemeralPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
  });
}

/** Whether `port` on 127.0.0.1 can be listened on now. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
