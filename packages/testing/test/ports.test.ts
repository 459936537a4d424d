import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freePort, isPortFree } from '../src';

describe('freePort', () => {
  it("gives free ports below the kernel's range for outgoing connections", async () => {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(10_000);
      expect(port).toBeLessThan(low!);
      expect(await isPortFree(port)).toBe(true);
    }
  });
});
