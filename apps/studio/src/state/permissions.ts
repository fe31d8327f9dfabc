/**
 * What the signed-in account may do, for greying out what it may not (with
 * the reason as the tooltip). The server decides, whatever the studio shows:
 * this only spares a person a request that would be refused. The rules and
 * the sentence are governance's own (roleMay, permissionRefusal), the same the
 * server's 403 says.
 */
import { isRole, permissionRefusal, type Permission } from '@colloquy/governance';

export interface Account {
  readonly name: string;
  /** As the server sent them; a role this studio does not know grants nothing. */
  readonly roles: readonly string[];
}

/** Why `account` may not exercise `permission`, or undefined when one of its roles may. */
export function refusalFor(account: Account | undefined, permission: Permission): string | undefined {
  if (!account) return 'Sign in first.';
  return permissionRefusal(account.roles.filter(isRole), permission);
}
