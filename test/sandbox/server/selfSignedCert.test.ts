import { describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { createSecureContext as tlsContext } from 'node:tls';
import { certificateSerial, createSelfSignedCert } from '../../../src/sandbox/server/selfSignedCert.js';

describe('the sandbox TLS certificate', () => {
  it('keeps every serial positive and minimally encoded, whatever the random bytes', () => {
    for (const first of [0x00, 0x7f, 0x80, 0xff]) {
      const serial = certificateSerial(Buffer.from([first, 0x01, 0x02]));
      expect(serial[0]).toBeGreaterThan(0);
      expect(serial[0]).toBeLessThan(0x80);
    }
  });

  it('loads into TLS and names 127.0.0.1 and localhost, start after start', () => {
    for (let i = 0; i < 50; i++) {
      const { certPem, keyPem } = createSelfSignedCert();
      expect(() => tlsContext({ cert: certPem, key: keyPem })).not.toThrow();
      const cert = new X509Certificate(certPem);
      expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
      expect(cert.checkHost('localhost')).toBe('localhost');
      expect(cert.validTo).toBeTruthy();
    }
  });
});
