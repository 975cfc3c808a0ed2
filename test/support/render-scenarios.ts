/**
 * The plans behind the golden render tests (test/fixtures/render/<scenario>/). Each one is
 * what the planner would produce for a realistic Contoso configuration, in its wording:
 * messages about a principal are predicates, and the renderers name the principal.
 */
import type { Plan } from '../../src/model/plan.js';
import {
  aCheck, aGroup, anOperation, aPlan, assignChange, at, aUser, E5_ALL_BUT_EXCHANGE_AND_TEAMS, PLAN, removeChange,
  SKU, updateChange,
} from './plan-fixtures.js';

const USERS = 'licenses/users.yaml';
const GROUPS = 'licenses/groups.yaml';
const { SWAY, YAMMER_ENTERPRISE, VISIOONLINE } = PLAN;

const keepsE3ThroughSales = (name: string, line: number) => aCheck('inherited-kept', 'note',
  'keeps SPE_E3 through group Sales', { principal: aUser(`${name}@contoso.com`), sku: SKU.SPE_E3, source: at(USERS, line) });
const carolKeepsE3 = keepsE3ThroughSales('carol', 15);

function noChanges(): Plan {
  return aPlan({
    stock: [
      { sku: SKU.SPE_E3, total: 25, used: 20, reserve: 2 },
      { sku: SKU.POWER_BI_PRO, total: 10, used: 4 },
      { sku: SKU.VISIOCLIENT, total: 5, used: 2 },
    ],
    checks: [
      carolKeepsE3,
      aCheck('unmanaged-holders', 'note', '3 seats of POWER_BI_PRO are held outside the config', {
        sku: SKU.POWER_BI_PRO, hint: 'list those principals, or set prune: true to remove them',
      }),
    ],
  });
}

function simple(): Plan {
  return aPlan({
    operations: [
      anOperation(aUser('alice@contoso.com'), [
        assignChange(SKU.SPE_E3, [SWAY, YAMMER_ENTERPRISE]), assignChange(SKU.POWER_BI_PRO),
      ], { source: at(USERS, 9) }),
      anOperation(aUser('bob@contoso.com'), [
        updateChange(SKU.SPE_E3, [SWAY, YAMMER_ENTERPRISE], [YAMMER_ENTERPRISE]), assignChange(SKU.VISIOCLIENT),
      ], { source: at(USERS, 10) }),
      anOperation(aUser('dave@contoso.com'), [removeChange(SKU.POWER_BI_PRO)], { source: at(USERS, 14) }),
      anOperation(aUser('erin@contoso.com'), [removeChange(SKU.VISIOCLIENT)], { source: at(USERS, 16) }),
    ],
    stock: [
      { sku: SKU.SPE_E3, total: 25, used: 20, reserve: 2 },
      { sku: SKU.POWER_BI_PRO, total: 10, used: 4 },
      { sku: SKU.VISIOCLIENT, total: 5, used: 3 },
    ],
    checks: [
      aCheck('account-disabled', 'warning', 'is a disabled account; assigning SPE_E3, POWER_BI_PRO uses seats nobody signs in with', {
        principal: aUser('alice@contoso.com'), source: at(USERS, 9),
      }),
      aCheck('data-loss-risk', 'warning', 'would lose Teams: no enabled plan of it remains', {
        principal: aUser('erin@contoso.com'), source: at(USERS, 16),
        hint: 'give the user a license that keeps these services, or export their data first',
      }),
      // The same finding for three users, listed in two files: one entry naming all three.
      carolKeepsE3,
      keepsE3ThroughSales('jan', 18),
      aCheck('inherited-kept', 'note', 'keeps SPE_E3 through group Sales', {
        principal: aUser('zoe@contoso.com'), sku: SKU.SPE_E3, source: at(GROUPS, 4),
      }),
    ],
  });
}

function swapOnFullSku(): Plan {
  return aPlan({
    operations: [
      anOperation(aUser('frank@contoso.com'), [
        removeChange(SKU.SPE_E3, [SWAY]), assignChange(SKU.SPE_E5, E5_ALL_BUT_EXCHANGE_AND_TEAMS),
      ], { source: at(USERS, 21) }),
      anOperation(aUser('gina@contoso.com'), [removeChange(SKU.SPE_E3), assignChange(SKU.SPE_E5)], { source: at(USERS, 22) }),
      anOperation(aUser('harry@contoso.com'), [assignChange(SKU.SPE_E3, [SWAY, YAMMER_ENTERPRISE])], { source: at(USERS, 23) }),
    ],
    stock: [
      { sku: SKU.SPE_E3, total: 25, used: 25 },
      { sku: SKU.SPE_E5, total: 10, used: 8 },
    ],
  });
}

function blockedBySeats(): Plan {
  const ivan = aUser('ivan@contoso.com');
  return aPlan({
    operations: [
      anOperation(ivan, [assignChange(SKU.SPE_E5)], { source: at(USERS, 30) }),
      anOperation(aGroup('Finance'), [assignChange(SKU.SPE_E5, [PLAN.SWAY])],
        { memberCount: 6, seats: { SPE_E5: 5 }, source: at(GROUPS, 8) }),
    ],
    stock: [{ sku: SKU.SPE_E5, total: 10, used: 8, reserve: 1 }],
    checks: [
      aCheck('seats-insufficient', 'error', 'SPE_E5: the plan needs 6 more seats, 2 are free and 1 must stay free (seatReserve)', {
        sku: SKU.SPE_E5, hint: 'buy more seats, free some first, or lower seatReserve for this SKU',
      }),
      aCheck('usage-location-missing', 'error', 'has no usage location, which a direct assignment needs (SPE_E5)', {
        principal: ivan, source: at(USERS, 30),
        hint: 'set the usage location on the user (admin center or Graph), or license them through a group',
      }),
    ],
  });
}

const LEAVERS = ['kim', 'lee', 'max', 'nina', 'omar', 'paula', 'quinn'];

function blockedByRemovalGuard(): Plan {
  const mailless = new Set(['nina', 'quinn']);
  return aPlan({
    prune: true,
    maxRemovals: 5,
    operations: LEAVERS.map((name) => anOperation(aUser(`${name}@contoso.com`), [removeChange(SKU.SPE_E3)])),
    stock: [{ sku: SKU.SPE_E3, total: 25, used: 24 }],
    checks: [
      aCheck('removal-guard', 'error', 'the plan removes 7 licenses, more than the limit of 5', {
        hint: 'review the removals, then raise maxRemovals or run with --max-removals 7',
      }),
      ...LEAVERS.filter((name) => !mailless.has(name)).map((name) => aCheck('data-loss-risk', 'warning',
        'would lose Exchange mailbox, SharePoint/OneDrive, Teams: no enabled plan of them remains', {
          principal: aUser(`${name}@contoso.com`),
          hint: 'give the user a license that keeps these services, or export their data first',
        })),
    ],
  });
}

/** A display name an attacker or a careless admin could choose: every markdown and HTML special. */
export const HOSTILE_GROUP = 'Sales | EMEA <b>Leads</b> @sales-team `ops` [x](https://evil.example)';

function groupWithManyMembers(): Plan {
  const allStaff = aGroup('All Staff');
  return aPlan({
    operations: [
      anOperation(allStaff, [assignChange(SKU.SPE_E3, [SWAY, YAMMER_ENTERPRISE])],
        { memberCount: 240, seats: { SPE_E3: 180 }, source: at(GROUPS, 3) }),
      anOperation(aGroup(HOSTILE_GROUP), [updateChange(SKU.VISIOCLIENT, [], [VISIOONLINE])],
        { memberCount: 14, source: at(GROUPS, 9) }),
    ],
    stock: [
      { sku: SKU.SPE_E3, total: 300, used: 110, reserve: 10, warningUnits: 25 },
      { sku: SKU.VISIOCLIENT, total: 20, used: 14 },
    ],
    checks: [
      aCheck('member-usage-location-missing', 'warning',
        '12 members have no usage location and the tenant has no country to fall back on', {
          principal: allStaff, source: at(GROUPS, 3),
          hint: 'set usage locations on those users; their group licenses will otherwise fail',
        }),
      aCheck('redundant-direct', 'warning', 'has SPE_E3 directly and through group All Staff with the same or more plans enabled', {
        principal: aUser('liam@contoso.com'), sku: SKU.SPE_E3, source: at(USERS, 40),
        hint: "the direct assignment is a clean-up candidate: drop SPE_E3 from the user's entry in the config",
      }),
    ],
  });
}

/** Scenario folder name -> plan. */
export const RENDER_SCENARIOS: Record<string, () => Plan> = {
  'no-changes': noChanges,
  'simple-assign-update-remove': simple,
  'swap-e3-to-e5-on-full-sku': swapOnFullSku,
  'blocked-by-seats': blockedBySeats,
  'blocked-by-removal-guard': blockedByRemovalGuard,
  'group-with-many-members': groupWithManyMembers,
};

/** A plan with `count` operations (mixed assign, update, swap, remove) for size limits. */
export function aHugePlan(count: number): Plan {
  const operations = Array.from({ length: count }, (_, i) => {
    const user = aUser(`user${String(i).padStart(5, '0')}@contoso.com`);
    switch (i % 4) {
      case 0: return anOperation(user, [assignChange(SKU.SPE_E3, [SWAY, YAMMER_ENTERPRISE]), assignChange(SKU.POWER_BI_PRO)]);
      case 1: return anOperation(user, [updateChange(SKU.SPE_E3, [SWAY], [YAMMER_ENTERPRISE])]);
      case 2: return anOperation(user, [removeChange(SKU.SPE_E3), assignChange(SKU.SPE_E5)]);
      default: return anOperation(user, [removeChange(SKU.POWER_BI_PRO)]);
    }
  });
  return aPlan({
    operations,
    stock: [
      { sku: SKU.SPE_E3, total: 20000, used: 9000 },
      { sku: SKU.SPE_E5, total: 5000, used: 100 },
      { sku: SKU.POWER_BI_PRO, total: 12000, used: 4000 },
    ],
  });
}
