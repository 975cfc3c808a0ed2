import { describe, expect, it } from 'vitest';
import { TenantShapeError, validateTenantDocument } from '../../../src/stores/file/validate-tenant-document.js';
import { contractTenant } from '../../support/contract-tenant.js';

type Path = (string | number)[];
type Json = Record<string | number, unknown>;

/** A change to the contract tenant's JSON at a path: set a value, delete it, or push onto a list. */
type Edit = { set: Path; value: unknown } | { remove: Path } | { push: Path; value: unknown };

function parentOf(doc: unknown, path: Path): [Json, string | number] {
  let node = doc as Json;
  for (const key of path.slice(0, -1)) node = node[key] as Json;
  return [node, path[path.length - 1] as string | number];
}

function applyEdit(doc: unknown, edit: Edit): void {
  if ('remove' in edit) {
    const [parent, key] = parentOf(doc, edit.remove);
    delete parent[key];
  } else if ('push' in edit) {
    const [parent, key] = parentOf(doc, edit.push);
    (parent[key] as unknown[]).push(edit.value);
  } else {
    const [parent, key] = parentOf(doc, edit.set);
    parent[key] = edit.value;
  }
}

/** The problem validation reports for the contract tenant after the edits, or 'valid'. */
function problemAfter(...edits: Edit[]): string {
  const doc: unknown = structuredClone(contractTenant());
  for (const edit of edits) applyEdit(doc, edit);
  try {
    validateTenantDocument(doc);
  } catch (error) {
    if (error instanceof TenantShapeError) return error.message;
    throw error;
  }
  return 'valid';
}

describe('validateTenantDocument', () => {
  it('accepts the contract tenant and reports no extra keys', () => {
    const { doc, extraKeys } = validateTenantDocument(contractTenant());
    expect(doc.users.length).toBeGreaterThan(0);
    expect([...extraKeys]).toEqual([]);
  });

  it.each<[string, Edit, string]>([
    ['a missing top-level list', { remove: ['groups'] }, '$: missing property "groups"'],
    ['a wrong tenant field', { set: ['tenant', 'defaultDomain'], value: 7 }, '$.tenant.defaultDomain: expected a string, found number 7'],
    ['a missing tenant field', { remove: ['tenant', 'countryLetterCode'] }, '$.tenant: missing property "countryLetterCode"'],
    ['a negative seat count', { set: ['subscribedSkus', 1, 'prepaidUnits', 'warning'], value: -1 }, '$.subscribedSkus[1].prepaidUnits.warning: expected a whole number of at least 0, found number -1'],
    ['a service plan id that is no GUID', { set: ['subscribedSkus', 0, 'servicePlans', 2, 'servicePlanId'], value: 'MFA' }, '$.subscribedSkus[0].servicePlans[2].servicePlanId: expected a GUID string, found the string "MFA"'],
    ['a user that is no object', { set: ['users', 3], value: [] }, '$.users[3]: expected an object, found an array'],
    ['a license list that is no list', { set: ['users', 0, 'assignedLicenses'], value: {} }, '$.users[0].assignedLicenses: expected an array, found an object'],
    ['a disabled plan that is no GUID', { push: ['users', 0, 'assignedLicenses', 0, 'disabledPlans'], value: null }, '$.users[0].assignedLicenses[0].disabledPlans[1]: expected a GUID string, found null'],
    ['a state without its timestamp', { remove: ['users', 2, 'licenseAssignmentStates', 0, 'lastUpdatedDateTime'] }, '$.users[2].licenseAssignmentStates[0]: missing property "lastUpdatedDateTime"'],
    ['an assignedByGroup that is no string', { set: ['users', 2, 'licenseAssignmentStates', 0, 'assignedByGroup'], value: true }, '$.users[2].licenseAssignmentStates[0].assignedByGroup: expected a string, found boolean true'],
    ['a member id that is no string', { push: ['groups', 0, 'members'], value: 12 }, '$.groups[0].members[2]: expected a string, found number 12'],
    ['a processing state without its state', { set: ['groups', 1, 'licenseProcessingState'], value: {} }, '$.groups[1].licenseProcessingState: missing property "state"'],
    ['a processing state that is no string', { set: ['groups', 1, 'licenseProcessingState'], value: { state: 3 } }, '$.groups[1].licenseProcessingState.state: expected a string, found number 3'],
    ['a member-errors flag that is no boolean', { set: ['groups', 1, 'hasMembersWithLicenseErrors'], value: 'no' }, '$.groups[1].hasMembersWithLicenseErrors: expected true or false, found the string "no"'],
    // A user that is null is not an object (null must not pass as one and crash the next read).
    ['a user that is null', { set: ['users', 0], value: null }, '$.users[0]: expected an object, found null'],
  ])('names the place of %s', (_name, edit, message) => {
    expect(problemAfter(edit)).toBe(message);
  });

  // Every required property of every shape is named when it is missing and, by its full path,
  // when its value has the wrong type, so an admin can mend a hand-edited file without
  // guessing which field Graph would need.
  const sku: Path = ['subscribedSkus', 0];
  const plan: Path = [...sku, 'servicePlans', 0];
  const license: Path = ['users', 0, 'assignedLicenses', 0];
  const state: Path = ['users', 2, 'licenseAssignmentStates', 0];
  const notText = 'expected a string, found number 5';
  const notGuid = 'expected a GUID string, found number 5';
  const notCount = 'expected a whole number of at least 0, found number 5.5';
  const notList = 'expected an array, found number 5';
  const notFlag = 'expected true or false, found number 5';
  it.each<[Path, string, unknown, string]>([
    [['tenant'], 'id', 5, notText],
    [['tenant'], 'displayName', 5, notText],
    [['tenant'], 'defaultDomain', 5, notText],
    [['tenant'], 'countryLetterCode', 5, notText],
    [sku, 'skuId', 5, notGuid],
    [sku, 'skuPartNumber', 5, notText],
    [sku, 'appliesTo', 5, notText],
    [sku, 'capabilityStatus', 5, notText],
    [sku, 'consumedUnits', 5.5, notCount],
    [sku, 'prepaidUnits', 5, 'expected an object, found number 5'],
    [[...sku, 'prepaidUnits'], 'enabled', 5.5, notCount],
    [[...sku, 'prepaidUnits'], 'suspended', 5.5, notCount],
    [[...sku, 'prepaidUnits'], 'warning', 5.5, notCount],
    [[...sku, 'prepaidUnits'], 'lockedOut', 5.5, notCount],
    [sku, 'servicePlans', 5, notList],
    [plan, 'servicePlanId', 5, notGuid],
    [plan, 'servicePlanName', 5, notText],
    [plan, 'provisioningStatus', 5, notText],
    [plan, 'appliesTo', 5, notText],
    [['users', 0], 'id', 5, notText],
    [['users', 0], 'userPrincipalName', 5, notText],
    [['users', 0], 'displayName', 5, notText],
    [['users', 0], 'accountEnabled', 5, notFlag],
    [['users', 0], 'usageLocation', 5, notText],
    [['users', 0], 'assignedLicenses', 5, notList],
    [['users', 0], 'licenseAssignmentStates', 5, notList],
    [license, 'skuId', 5, notGuid],
    [license, 'disabledPlans', 5, notList],
    [state, 'skuId', 5, notGuid],
    [state, 'assignedByGroup', 5, notText],
    [state, 'state', 5, notText],
    [state, 'error', 5, notText],
    [state, 'disabledPlans', 5, notList],
    [state, 'lastUpdatedDateTime', 5, notText],
    [['groups', 0], 'id', 5, notText],
    [['groups', 0], 'displayName', 5, notText],
    [['groups', 0], 'securityEnabled', 5, notFlag],
    [['groups', 0], 'assignedLicenses', 5, notList],
    [['groups', 0], 'members', 5, notList],
  ])('names %j.%s when it is missing or of the wrong type', (at, key, wrong, problem) => {
    const where = `$${at.map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`)).join('')}`;
    expect(problemAfter({ remove: [...at, key] })).toBe(`${where}: missing property "${key}"`);
    expect(problemAfter({ set: [...at, key], value: wrong })).toBe(`${where}.${key}: ${problem}`);
  });

  // A found string is quoted whole up to 60 characters; a longer one is cut to 57 and marked,
  // so a hostile file cannot flood the message.
  it.each([
    ['quotes a string of 60 characters whole', 'x'.repeat(60), `the string "${'x'.repeat(60)}"`],
    ['cuts a string of 61 characters to 57 and an ellipsis', 'y'.repeat(61), `the string "${'y'.repeat(57)}..."`],
  ])('%s', (_name, value, found) => {
    expect(problemAfter({ set: ['users', 0, 'accountEnabled'], value })).toBe(`$.users[0].accountEnabled: expected true or false, found ${found}`);
  });

  it('throws an error that names itself, with the path and problem apart', () => {
    const doc: unknown = structuredClone(contractTenant());
    applyEdit(doc, { remove: ['users'] });
    const error = (() => {
      try {
        validateTenantDocument(doc);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(TenantShapeError);
    expect(error).toMatchObject({ name: 'TenantShapeError', path: '$', problem: 'missing property "users"' });
  });

  it('reports the first problem in the order of the contract, not of the file', () => {
    const user = { licenseAssignmentStates: 'none', ...structuredClone(contractTenant().users[1]), id: 5 };
    expect(problemAfter({ set: ['users', 1], value: user })).toBe('$.users[1].id: expected a string, found number 5');
  });

  it('accepts a null processing state and absent optional group fields', () => {
    expect(problemAfter({ set: ['groups', 0, 'licenseProcessingState'], value: null }, { remove: ['groups', 0, 'hasMembersWithLicenseErrors'] })).toBe('valid');
  });

  it('collects every property name below properties beyond the contract, at any depth', () => {
    const doc: unknown = structuredClone(contractTenant());
    applyEdit(doc, { set: ['exportedBy'], value: 'a tool' });
    applyEdit(doc, { set: ['users', 0, 'licenseAssignmentStates', 0, 'extra'], value: { nested: [{ deeper: 1 }] } });
    expect([...validateTenantDocument(doc).extraKeys].sort()).toEqual(['deeper', 'exportedBy', 'extra', 'nested']);
  });
});
