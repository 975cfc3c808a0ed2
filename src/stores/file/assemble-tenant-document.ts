import type { TenantDocument, TenantUser } from '../../model/tenant.js';
import { UserIndex } from '../semantics/index.js';
import type { JsonPiece } from './split-json-object.js';
import { checkListElements, checkRootMember, CONTRACT_MEMBERS, missingMemberError, type ValidatedTenant } from './validate-tenant-document.js';

/** Members of a tenant file read as runs of elements: the ones that grow with the tenant. */
export const SPLIT_MEMBERS: ReadonlySet<string> = new Set(['users', 'groups']);

/**
 * A tenant document put together from the pieces of a split read, each checked as it
 * arrives (the same checks as {@link validateTenantDocument}) and its users indexed, while
 * the piece is fresh rather than in more walks over the whole document. Throws
 * TenantShapeError.
 */
export class TenantAssembler {
  readonly extraKeys = new Set<string>();
  /** The users indexed as they arrive, checked. */
  readonly userIndex = new UserIndex();
  private readonly root: Record<string, unknown> = {};

  add(piece: JsonPiece): void {
    const { key, value } = piece;
    if (!piece.elements) {
      checkRootMember(key, value, this.extraKeys);
      this.root[key] = value;
      return;
    }
    const items = value as unknown[];
    let list = this.root[key] as unknown[] | undefined;
    if (list === undefined) {
      list = [];
      this.root[key] = list;
    }
    checkListElements(key as 'users' | 'groups', items, list.length, this.extraKeys);
    const users = key === 'users';
    for (let i = 0; i < items.length; i++) {
      list.push(items[i]);
      if (users) this.userIndex.add(items[i] as TenantUser);
    }
  }

  finish(): ValidatedTenant & { userIndex: UserIndex } {
    for (const key of CONTRACT_MEMBERS) if (!(key in this.root)) throw missingMemberError(key);
    return { doc: this.root as unknown as TenantDocument, extraKeys: this.extraKeys, userIndex: this.userIndex };
  }
}
