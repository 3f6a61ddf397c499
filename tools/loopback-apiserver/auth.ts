/**
 * Bearer-token authentication and an all-or-nothing authorizer, shaped like the real apiserver with
 * `--token-auth-file` and RBAC: admin is in system:masters, lowpriv is authenticated with no bindings
 * (discovery only, 403 on every resource), an unknown token is 401 everywhere, and no token at all is
 * system:anonymous (403, as with anonymous auth on).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface User {
  readonly name: string;
  readonly admin: boolean;
  readonly authenticated: boolean;
}

export interface Tokens {
  readonly admin: string;
  readonly lowpriv: string;
  /** A token no user has: always 401. */
  readonly badtoken: string;
}

export function makeTokens(): Tokens {
  return {
    admin: `loopback-admin-${randomBytes(12).toString('hex')}`,
    lowpriv: `loopback-lowpriv-${randomBytes(12).toString('hex')}`,
    badtoken: 'this-token-is-not-known-to-the-loopback-apiserver',
  };
}

const ANONYMOUS: User = { name: 'system:anonymous', admin: false, authenticated: false };

export class Authenticator {
  /** Tokens that stopped working (fault injection: expired credentials). */
  private readonly revoked = new Set<string>();

  constructor(private readonly tokens: Tokens) {}

  revoke(token: string): void {
    this.revoked.add(token);
  }
  restore(token: string): void {
    this.revoked.delete(token);
  }

  /** The caller, or undefined for 401. */
  authenticate(req: IncomingMessage): User | undefined {
    const header = req.headers.authorization;
    if (!header) return ANONYMOUS;
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (!match) return undefined;
    const token = match[1]!.trim();
    if (this.revoked.has(token)) return undefined;
    if (token === this.tokens.admin) return { name: 'admin', admin: true, authenticated: true };
    if (token === this.tokens.lowpriv) return { name: 'lowpriv', admin: false, authenticated: true };
    return undefined;
  }
}
