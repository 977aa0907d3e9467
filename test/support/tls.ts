import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export interface TestPki {
  caCert: string;
  serverCert: string;
  serverKey: string;
}

/** A throwaway CA and a server certificate for 127.0.0.1/localhost, made with the openssl CLI. */
export function makePki(dir: string, name = 'ca'): TestPki {
  const file = (f: string) => join(dir, `${name}-${f}`);
  const run = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', `/CN=Sluice test ${name}`, '-keyout', file('ca.key'), '-out', file('ca.pem'));
  run('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', file('server.key'), '-out', file('server.csr'));
  const ext = file('ext.cnf');
  execFileSync('sh', ['-c', `printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\n' > '${ext}'`]);
  run('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '2', '-extfile', ext, '-out', file('server.pem'));
  return { caCert: file('ca.pem'), serverCert: file('server.pem'), serverKey: file('server.key') };
}
