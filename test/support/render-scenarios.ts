/**
 * The plans behind the golden render tests (test/fixtures/render/<scenario>/). Each one is
 * what the planner would produce for a realistic Contoso configuration.
 */
import type { Plan } from '../../src/model/plan.js';
import {
  aCheck, aGroup, anOperation, aPlan, assignChange, at, aUser, E5_ALL_BUT_EXCHANGE_AND_TEAMS, PLAN, removeChange,
  SKU, updateChange,
} from './plan-fixtures.js';

const USERS = 'licenses/users.yaml';
const GROUPS = 'licenses/groups.yaml';
const { SWAY, YAMMER_ENTERPRISE, VISIOONLINE } = PLAN;

const carolKeepsE3 = aCheck('inherited-kept', 'note',
  'carol@contoso.com keeps SPE_E3 through the group Sales; the file gives them no direct SPE_E3.', {
    principal: aUser('carol@contoso.com'), sku: SKU.SPE_E3, source: at(USERS, 15),
    hint: 'To take the license away, remove carol@contoso.com from Sales.',
  });

function noChanges(): Plan {
  return aPlan({
    stock: [
      { sku: SKU.SPE_E3, total: 25, used: 20, reserve: 2 },
      { sku: SKU.POWER_BI_PRO, total: 10, used: 4 },
      { sku: SKU.VISIOCLIENT, total: 5, used: 2 },
    ],
    checks: [
      carolKeepsE3,
      aCheck('unmanaged-holders', 'note',
        '3 users hold POWER_BI_PRO directly but are not in the configuration: dave@contoso.com, ' +
        'oscar@contoso.com, pat@contoso.com. They are left alone (prune: false).', {
          sku: SKU.POWER_BI_PRO, hint: 'List them in the file, or set settings.prune: true to remove their managed licenses.',
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
      aCheck('account-disabled', 'warning', 'erin@contoso.com is disabled (accountEnabled: false); its licenses are changed anyway.', {
        principal: aUser('erin@contoso.com'), source: at(USERS, 16),
        hint: 'Remove accounts that left from the file and from the tenant to free their seats.',
      }),
      carolKeepsE3,
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
      aCheck('seats-insufficient', 'error',
        'SPE_E5 needs 6 more seats, but only 2 are free and 1 must stay free (settings.seatReserve).', {
          sku: SKU.SPE_E5,
          hint: 'Buy at least 5 more SPE_E5 licenses, lower seatReserve for SPE_E5, or give SPE_E5 to fewer people.',
        }),
      aCheck('usage-location-missing', 'error',
        'ivan@contoso.com has no usage location; Microsoft refuses direct license assignments without one.', {
          principal: ivan, sku: SKU.SPE_E5, source: at(USERS, 30),
          hint: 'Set the usage location (Entra admin center > Users > ivan@contoso.com > Properties), then plan again.',
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
      aCheck('removal-guard', 'error', 'This plan removes 7 licenses; the removal guard allows at most 5 (settings.maxRemovals).', {
        hint: 'Check that nobody was deleted from the file by mistake. If these removals are intended, raise ' +
          'settings.maxRemovals or run apply with --max-removals 7.',
      }),
      ...LEAVERS.filter((name) => !mailless.has(name)).map((name) => aCheck('data-loss-risk', 'warning',
        'Removing SPE_E3 switches off Exchange Online (Plan 2), SharePoint (Plan 2) and Microsoft Teams: the mailbox, ' +
        'OneDrive files and Teams chats become inaccessible and are deleted after 30 days.', {
          principal: aUser(`${name}@contoso.com`), sku: SKU.SPE_E3,
          hint: 'Convert the mailbox to a shared mailbox or move the data first.',
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
        '12 of 240 members have no usage location; Microsoft licenses them with the tenant\'s country (NL).', {
          principal: allStaff, sku: SKU.SPE_E3, source: at(GROUPS, 3),
          hint: 'Set the usage location of members who work elsewhere: some services are not offered in every country.',
        }),
      aCheck('redundant-direct', 'warning',
        'liam@contoso.com has SPE_E3 directly and will also get it from All Staff with the same plans on.', {
          principal: aUser('liam@contoso.com'), sku: SKU.SPE_E3, source: at(USERS, 40),
          hint: 'Once All Staff has its license, remove SPE_E3 from liam@contoso.com in the file.',
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
