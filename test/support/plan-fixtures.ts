/**
 * Builders for hand-made plans that look like the planner's output: real SKU part numbers,
 * skuIds and service plan ids from Microsoft's catalogue, operations with the phase, request
 * and seat delta the planner would compute, and a plan whose summary, seat forecast, sort
 * order and fingerprints are derived from its operations and checks so they cannot disagree.
 */
import { createHash } from 'node:crypto';
import { OPERATION_PHASES, PLAN_FORMAT_VERSION } from '../../src/model/plan.js';
import type {
  Check, CheckCode, CheckSeverity, Operation, OperationPhase, Plan, PlanRef, PrincipalRef, SeatForecast,
  SkuChange, SkuRef,
} from '../../src/model/plan.js';
import type { SourceLocation } from '../../src/model/diagnostic.js';

export const SKU = {
  SPE_E3: { skuId: '05e9a617-0261-4cee-bb44-138d3ef5d965', skuPartNumber: 'SPE_E3', displayName: 'Microsoft 365 E3' },
  SPE_E5: { skuId: '06ebc4ee-1bb5-47dd-8120-11324bc54e06', skuPartNumber: 'SPE_E5', displayName: 'Microsoft 365 E5' },
  POWER_BI_PRO: { skuId: 'f8a1db68-be16-40ed-86d5-cb42ce701560', skuPartNumber: 'POWER_BI_PRO', displayName: 'Power BI Pro' },
  VISIOCLIENT: { skuId: 'c5928f49-12ba-48f7-ada3-0d743a3601d5', skuPartNumber: 'VISIOCLIENT', displayName: 'Visio Plan 2' },
} as const satisfies Record<string, SkuRef>;

export type SkuName = keyof typeof SKU;

const planRef = (servicePlanName: string, servicePlanId: string, friendlyName: string): PlanRef =>
  ({ servicePlanId, servicePlanName, friendlyName });

export const PLAN = {
  SWAY: planRef('SWAY', 'a23b959c-7ce8-4e57-9140-b90eb88a9e97', 'Sway'),
  YAMMER_ENTERPRISE: planRef('YAMMER_ENTERPRISE', '7547a3fe-08ee-4ccb-b430-5077c5041653', 'Yammer Enterprise'),
  EXCHANGE_S_ENTERPRISE: planRef('EXCHANGE_S_ENTERPRISE', 'efb87545-963c-4e0d-99df-69c6916d9eb0', 'Exchange Online (Plan 2)'),
  TEAMS1: planRef('TEAMS1', '57ff2da0-773e-42df-b2af-ffb7a2317929', 'Microsoft Teams'),
  SHAREPOINTENTERPRISE: planRef('SHAREPOINTENTERPRISE', '5dbe027f-2339-4123-9542-606e4d348a72', 'SharePoint (Plan 2)'),
  MCOSTANDARD: planRef('MCOSTANDARD', '0feaeb32-d00e-4d66-bd5a-43b5b83db82c', 'Skype for Business Online (Plan 2)'),
  VISIOONLINE: planRef('VISIOONLINE', '2bdbaf8f-738f-4ac7-9234-3c3ee2ce7d0f', 'Visio Web App'),
} as const;

/** Every SPE_E5 plan except EXCHANGE_S_ENTERPRISE and TEAMS1: what `enabledPlans: [EXCHANGE_S_ENTERPRISE, TEAMS1]` switches off. */
export const E5_ALL_BUT_EXCHANGE_AND_TEAMS: readonly PlanRef[] = ([
  ['AAD_PREMIUM', '41781fb2-bc02-4b7c-bd55-b576c07bb09d', 'Microsoft Entra ID P1'],
  ['AAD_PREMIUM_P2', 'eec0eb4f-6444-4f95-aba0-50c24d67f998', 'Microsoft Entra ID P2'],
  ['ADALLOM_S_O365', '8c098270-9dd4-4350-9b30-ba4703f3b36b', 'Office 365 Cloud App Security'],
  ['ADALLOM_S_STANDALONE', '2e2ddb96-6af9-4b1d-a3f0-d6ecfd22edb2', 'Microsoft Defender for Cloud Apps'],
  ['ATA', '14ab5db5-e6c4-4b20-b4bc-13e36fd2227f', 'Microsoft Defender for Identity'],
  ['ATP_ENTERPRISE', 'f20fedf3-f3c3-43c3-8267-2bfdd51c0939', 'Microsoft Defender for Office 365 (Plan 1)'],
  ['BI_AZURE_P2', '70d33638-9c74-4d01-bfd3-562de28bd4ba', 'Power BI Pro'],
  ['BPOS_S_TODO_3', '3fb82609-8c27-4f7b-bd51-30634711ee67', 'To-Do (Plan 3)'],
  ['Bing_Chat_Enterprise', '0d0c0d31-fae7-41f2-b909-eaf4d7f26dba', 'Commercial data protection for Microsoft Copilot'],
  ['CDS_O365_P3', 'afa73018-811e-46e9-988f-f75d2b1b8430', 'Common Data Service for Teams'],
  ['CLIPCHAMP', 'a1ace008-72f3-4ea0-8dac-33b3a23a2472', 'Microsoft Clipchamp'],
  ['COMMUNICATIONS_COMPLIANCE', '41fcdd7d-4733-4863-9cf4-c65b83ce2df4', 'RETIRED - Microsoft Communications Compliance'],
  ['COMMUNICATIONS_DLP', '6dc145d6-95dd-4191-b9c3-185575ee6f6b', 'Microsoft Communications DLP'],
  ['CUSTOMER_KEY', '6db1f1db-2b46-403f-be40-e39395f08dbb', 'Microsoft Customer Key'],
  ['ContentExplorer_Standard', '2b815d45-56e4-4e3a-b65c-66cb9175b560', 'Information Protection and Governance Analytics – Standard'],
  ['Content_Explorer', 'd9fa6af4-e046-4c89-9226-729a0786685d', 'Information Protection and Governance Analytics - Premium'],
  ['CustomerLockboxA_Enterprise', '3ec18638-bd4c-4d3b-8905-479ed636b83e', 'Customer Lockbox (A)'],
  ['DATA_INVESTIGATIONS', '46129a58-a698-46f0-aa5b-17f6586297d9', 'Microsoft Data Investigations'],
  ['DYN365_CDS_O365_P3', '28b0fa46-c39a-4188-89e2-58e979a6b014', 'Common Data Service'],
  ['Defender_for_Iot_Enterprise', '99cd49a9-0e54-4e07-aea1-d8d9f5f704f5', 'Defender for IoT - Enterprise IoT Security'],
  ['Deskless', '8c7d2df8-86f0-4902-b2ed-a0458298f3b3', 'Microsoft StaffHub'],
  ['EQUIVIO_ANALYTICS', '4de31727-a228-4ec3-a5bf-8e45b5ca48cc', 'Office 365 Advanced eDiscovery'],
  ['EXCEL_PREMIUM', '531ee2f8-b1cb-453b-9c21-d2180d014ca5', 'Microsoft Excel Advanced Analytics'],
  ['EXCHANGE_ANALYTICS', '34c0d7a0-a70f-4668-9238-47f9fc208882', 'Microsoft MyAnalytics (Full)'],
  ['FLOW_O365_P3', '07699545-9485-468e-95b6-2fca3738be01', 'Power Automate for Office 365'],
  ['FORMS_PLAN_E5', 'e212cbc7-0961-4c40-9825-01117710dcb1', 'Microsoft Forms (Plan E5)'],
  ['GRAPH_CONNECTORS_SEARCH_INDEX', 'a6520331-d7d4-4276-95f5-15c0933bc757', 'Graph Connectors Search with Index'],
  ['INFORMATION_BARRIERS', 'c4801e8a-cb58-4c35-aca6-f2dcc106f287', 'Information Barriers'],
  ['INFO_GOVERNANCE', 'e26c2fcc-ab91-4a61-b35c-03cdc8dddf66', 'Microsoft Information Governance'],
  ['INSIDER_RISK', 'd587c7a3-bda9-4f99-8776-9bcf59c84f75', 'Microsoft Insider Risk Management'],
  ['INSIDER_RISK_MANAGEMENT', '9d0c4ee5-e4a1-4625-ab39-d82b619b1a34', 'RETIRED - Microsoft Insider Risk Management'],
  ['INTUNE_A', 'c1ec4a95-1f05-45b3-a911-aa3fa01094f5', 'Microsoft Intune Plan 1'],
  ['INTUNE_O365', '882e1d05-acd1-4ccb-8708-6ee03664b117', 'Mobile Device Management for Office 365'],
  ['KAIZALA_STANDALONE', '0898bdbb-73b0-471a-81e5-20f1fe4dd66e', 'Microsoft Kaizala Pro'],
  ['LOCKBOX_ENTERPRISE', '9f431833-0334-42de-a7dc-70aa40db46db', 'Customer Lockbox'],
  ['M365_ADVANCED_AUDITING', '2f442157-a11c-46b9-ae5b-6e39ff4e5849', 'Microsoft 365 Advanced Auditing'],
  ['M365_AUDIT_PLATFORM', 'f6de4823-28fa-440b-b886-4783fa86ddba', 'Microsoft 365 Audit Platform'],
  ['M365_LIGHTHOUSE_CUSTOMER_PLAN1', '6f23d6a9-adbf-481c-8538-b4c095654487', 'Microsoft 365 Lighthouse (Plan 1)'],
  ['MCOEV', '4828c8ec-dc2e-4779-b502-87ac9ce28ab7', 'Microsoft 365 Phone System'],
  ['MCOMEETADV', '3e26ee1f-8a5f-4d52-aee2-b81ce45c8f40', 'Microsoft 365 Audio Conferencing'],
  ['MCOSTANDARD', '0feaeb32-d00e-4d66-bd5a-43b5b83db82c', 'Skype for Business Online (Plan 2)'],
  ['MESH_AVATARS_ADDITIONAL_FOR_TEAMS', '3efbd4ed-8958-4824-8389-1321f8730af8', 'Avatars for Teams (additional)'],
  ['MESH_AVATARS_FOR_TEAMS', 'dcf9d2f4-772e-4434-b757-77a453cfbc02', 'Avatars for Teams'],
  ['MESH_IMMERSIVE_FOR_TEAMS', 'f0ff6ac6-297d-49cd-be34-6dfef97f0c28', 'Immersive spaces for Teams'],
  ['MFA_PREMIUM', '8a256a2b-b617-496d-b51b-e76466e88db0', 'Microsoft Azure Multi-Factor Authentication'],
  ['MICROSOFTBOOKINGS', '199a5c09-e0ca-4e37-8f7c-b05d533e1ea2', 'Microsoft Bookings'],
  ['MICROSOFTENDPOINTDLP', '64bfac92-2b17-4482-b5e5-a0304429de3e', 'Microsoft Endpoint DLP'],
  ['MICROSOFT_COMMUNICATION_COMPLIANCE', 'a413a9ff-720c-4822-98ef-2f37c2a21f4c', 'Microsoft 365 Communication Compliance'],
  ['MICROSOFT_LOOP', 'c4b8c31a-fb44-4c65-9837-a21f55fcabda', 'Microsoft Loop'],
  ['MICROSOFT_SEARCH', '94065c59-bc8e-4e8b-89e5-5138d471eaff', 'Microsoft Search'],
  ['MIP_S_CLP1', '5136a095-5cf0-4aff-bec3-e84448b38ea5', 'Information Protection for Office 365 - Standard'],
  ['MIP_S_CLP2', 'efb0351d-3b08-4503-993d-383af8de41e3', 'Information Protection for Office 365 - Premium'],
  ['MIP_S_Exchange', 'cd31b152-6326-4d1b-ae1b-997b625182e6', 'Data Classification in Microsoft 365'],
  ['ML_CLASSIFICATION', 'd2d51368-76c9-4317-ada2-a12c004c432f', 'Microsoft ML-Based Classification'],
  ['MTP', 'bf28f719-7844-4079-9c78-c1307898e192', 'Microsoft 365 Defender'],
  ['MYANALYTICS_P2', '33c4f319-9bdd-48d6-9c4d-410b750a4a5a', 'Insights by MyAnalytics'],
  ['Nucleus', 'db4d623d-b514-490b-b7ef-8885eee514de', 'Nucleus'],
  ['OFFICESUBSCRIPTION', '43de0ff5-c92c-492b-9116-175376d08c38', 'Microsoft 365 Apps for enterprise'],
  ['PAM_ENTERPRISE', 'b1188c4c-1b36-4018-b48b-ee07604f6feb', 'Office 365 Privileged Access Management'],
  ['POWERAPPS_O365_P3', '9c0dab89-a30c-4117-86e7-97bda240acd2', 'Power Apps for Office 365 (Plan 3)'],
  ['POWER_VIRTUAL_AGENTS_O365_P3', 'ded3d325-1bdc-453e-8432-5bac26d7a014', 'Power Virtual Agents for Office 365'],
  ['PREMIUM_ENCRYPTION', '617b097b-4b93-4ede-83de-5f075bb5fb2f', 'Premium Encryption in Office 365'],
  ['PROJECTWORKMANAGEMENT', 'b737dad2-2f6c-4c65-90e3-ca563267e8b9', 'Microsoft Planner'],
  ['PROJECT_O365_P3', 'b21a6b06-1988-436e-a07b-51ec6d9f52ad', 'Project for Office (Plan E5)'],
  ['PURVIEW_DISCOVERY', 'c948ea65-2053-4a5a-8a62-9eaaaf11b522', 'Purview Discovery'],
  ['RECORDS_MANAGEMENT', '65cc641f-cccd-4643-97e0-a17e3045e541', 'Microsoft Records Management'],
  ['RMS_S_ENTERPRISE', 'bea4c11e-220a-4e6d-8eb8-8ea15d019f90', 'Azure Rights Management'],
  ['RMS_S_PREMIUM', '6c57d4b6-3b23-47a5-9bc9-69f17b4947b3', 'Azure Information Protection Premium P1'],
  ['RMS_S_PREMIUM2', '5689bec4-755d-4753-8b61-40975025187c', 'Azure Information Protection Premium P2'],
  ['SAFEDOCS', 'bf6f5520-59e3-4f82-974b-7dbbc4fd27c7', 'Office 365 SafeDocs'],
  ['SHAREPOINTENTERPRISE', '5dbe027f-2339-4123-9542-606e4d348a72', 'SharePoint (Plan 2)'],
  ['SHAREPOINTWAC', 'e95bec33-7c88-4a70-8e19-b10bd9d0c014', 'Office for the Web'],
  ['STREAM_O365_E5', '6c6042f5-6f01-4d67-b8c1-eb99d36eed3e', 'Microsoft Stream for Office 365 E5'],
  ['SWAY', 'a23b959c-7ce8-4e57-9140-b90eb88a9e97', 'Sway'],
  ['THREAT_INTELLIGENCE', '8e0c0a52-6a6c-4d40-8370-dd62790dcd70', 'Microsoft Defender for Office 365 (Plan 2)'],
  ['UNIVERSAL_PRINT_01', '795f6fe0-cc4d-4773-b050-5dde4dc704c9', 'Universal Print'],
  ['VIVAENGAGE_CORE', 'a82fbf69-b4d7-49f4-83a6-915b2cf354f4', 'Viva Engage Core'],
  ['VIVA_LEARNING_SEEDED', 'b76fb638-6ba6-402a-b9f9-83d28acb3d86', 'Viva Learning Seeded'],
  ['WHITEBOARD_PLAN3', '4a51bca5-1eff-43f5-878c-177680f191af', 'Whiteboard (Plan 3)'],
  ['WIN10_PRO_ENT_SUB', '21b439ba-a0ca-424f-a6cc-52f954a5b111', 'Windows 10/11 Enterprise (Original)'],
  ['WINDEFATP', '871d91ec-ec1a-452b-a83f-bd76c7d770ef', 'Microsoft Defender for Endpoint'],
  ['WINDOWSUPDATEFORBUSINESS_DEPLOYMENTSERVICE', '7bf960f6-2cd9-443a-8046-5dbff9558365', 'Windows Update for Business Deployment Service'],
  ['Windows_Autopatch', '9a6eeb79-0b4b-4bf0-9808-39d99a2cd5a3', 'Windows Autopatch'],
  ['YAMMER_ENTERPRISE', '7547a3fe-08ee-4ccb-b430-5077c5041653', 'Yammer Enterprise'],
] as const).map(([name, id, friendly]) => planRef(name, id, friendly));

/** A GUID derived from a name, so fixtures are stable without listing ids by hand. */
export function guidFor(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function fingerprintOf(value: unknown): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32)}`;
}

export function aUser(userPrincipalName: string): PrincipalRef {
  return { kind: 'user', id: guidFor(`user:${userPrincipalName}`), name: userPrincipalName };
}

export function aGroup(displayName: string): PrincipalRef {
  return { kind: 'group', id: guidFor(`group:${displayName}`), name: displayName };
}

export function at(file: string, line: number, column = 3): SourceLocation {
  return { file, line, column };
}

const byName = (a: PlanRef, b: PlanRef): number => a.servicePlanName.localeCompare(b.servicePlanName, 'en');
const sorted = (plans: readonly PlanRef[]): PlanRef[] => [...plans].sort(byName);

export function assignChange(sku: SkuRef, disabledPlans: readonly PlanRef[] = []): SkuChange {
  return { action: 'assign', sku, before: null, after: { disabledPlans: sorted(disabledPlans) }, plansEnabled: [], plansDisabled: [] };
}

/** An in-place update; the switched-on and switched-off plans follow from before and after. */
export function updateChange(sku: SkuRef, before: readonly PlanRef[], after: readonly PlanRef[]): SkuChange {
  const ids = (plans: readonly PlanRef[]): Set<string> => new Set(plans.map((p) => p.servicePlanId));
  const [was, will] = [ids(before), ids(after)];
  return {
    action: 'update',
    sku,
    before: { disabledPlans: sorted(before) },
    after: { disabledPlans: sorted(after) },
    plansEnabled: sorted(before.filter((p) => !will.has(p.servicePlanId))),
    plansDisabled: sorted(after.filter((p) => !was.has(p.servicePlanId))),
  };
}

export function removeChange(sku: SkuRef, disabledPlans: readonly PlanRef[] = []): SkuChange {
  return { action: 'remove', sku, before: { disabledPlans: sorted(disabledPlans) }, after: null, plansEnabled: [], plansDisabled: [] };
}

function phaseOf(changes: readonly SkuChange[]): OperationPhase {
  const has = (action: SkuChange['action']): boolean => changes.some((c) => c.action === action);
  if (has('assign') && has('remove')) return 'swap';
  if (has('assign')) return 'acquire';
  if (has('remove')) return 'release';
  return 'update';
}

export interface OperationExtras {
  /** Group members the change reaches. */
  memberCount?: number;
  /** Seat delta per part number; users default to +1 per assign and -1 per remove. */
  seats?: Partial<Record<string, number>>;
  source?: SourceLocation;
}

export function anOperation(principal: PrincipalRef, changes: readonly SkuChange[], extras: OperationExtras = {}): Operation {
  const ordered = [...changes].sort((a, b) => a.sku.skuPartNumber.localeCompare(b.sku.skuPartNumber, 'en'));
  const seatDelta: Record<string, number> = {};
  for (const c of ordered) {
    const fallback = principal.kind === 'user' ? ({ assign: 1, update: 0, remove: -1 } as const)[c.action] : 0;
    const delta = extras.seats?.[c.sku.skuPartNumber] ?? fallback;
    if (delta !== 0) seatDelta[c.sku.skuId] = delta;
  }
  return {
    id: `${principal.kind}:${principal.id}`,
    principal,
    phase: phaseOf(ordered),
    changes: ordered,
    request: {
      addLicenses: ordered
        .filter((c) => c.after !== null)
        .map((c) => ({ skuId: c.sku.skuId, disabledPlans: (c.after?.disabledPlans ?? []).map((p) => p.servicePlanId) })),
      removeLicenses: ordered.filter((c) => c.action === 'remove').map((c) => c.sku.skuId),
    },
    seatDelta,
    memberCount: extras.memberCount,
    source: extras.source,
    fingerprint: fingerprintOf({ principal, before: ordered.map((c) => [c.sku.skuId, c.before]) }),
  };
}

export function aCheck(code: CheckCode, severity: CheckSeverity, message: string, extras: Partial<Check> = {}): Check {
  return { code, severity, message, ...extras };
}

/** Seats of one SKU before the plan; the plan builder adds the change the operations make. */
export interface SeatStock {
  sku: SkuRef;
  total: number;
  used: number;
  reserve?: number;
  warningUnits?: number;
}

function forecast(stock: SeatStock, operations: readonly Operation[]): SeatForecast {
  const change = operations.reduce((sum, op) => sum + (op.seatDelta[stock.sku.skuId] ?? 0), 0);
  const free = stock.total - stock.used;
  const freeAfter = free - change;
  const reserve = stock.reserve ?? 0;
  return {
    sku: stock.sku, total: stock.total, used: stock.used, free, change, freeAfter, reserve,
    warningUnits: stock.warningUnits ?? 0, short: change > 0 && (freeAfter < reserve || freeAfter < 0),
  };
}

const SEVERITY_ORDER: readonly CheckSeverity[] = ['error', 'warning', 'note'];
const KIND_ORDER = ['user', 'group'];

function compareOperations(a: Operation, b: Operation): number {
  return OPERATION_PHASES.indexOf(a.phase) - OPERATION_PHASES.indexOf(b.phase)
    || KIND_ORDER.indexOf(a.principal.kind) - KIND_ORDER.indexOf(b.principal.kind)
    || a.principal.name.localeCompare(b.principal.name, 'en');
}

function compareChecks(a: Check, b: Check): number {
  return SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity)
    || a.code.localeCompare(b.code, 'en')
    || (a.principal?.name ?? '').localeCompare(b.principal?.name ?? '', 'en');
}

export interface PlanInput {
  operations?: readonly Operation[];
  stock?: readonly SeatStock[];
  checks?: readonly Check[];
  configFiles?: string[];
  prune?: boolean;
  maxRemovals?: number;
  /** Removals the guard counts; default: every remove change (group removals count once per member). */
  removals?: number;
}

export const CONTOSO = { id: '72f988bf-86f1-41af-91ab-2d7cd011db47', displayName: 'Contoso', defaultDomain: 'contoso.onmicrosoft.com' };

/** A consistent plan: sorted like the planner sorts, with summary, seats and fingerprints derived. */
export function aPlan(input: PlanInput = {}): Plan {
  const operations = [...(input.operations ?? [])].sort(compareOperations);
  const checks = [...(input.checks ?? [])].sort(compareChecks);
  const stock = [...(input.stock ?? [])].sort((a, b) => a.sku.skuPartNumber.localeCompare(b.sku.skuPartNumber, 'en'));
  const changes = operations.flatMap((op) => op.changes);
  const count = (action: SkuChange['action']): number => changes.filter((c) => c.action === action).length;
  const errors = checks.filter((c) => c.severity === 'error').length;
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    tenant: CONTOSO,
    store: 'file:examples/contoso-tenant.json',
    configFiles: input.configFiles ?? ['licenses/users.yaml', 'licenses/groups.yaml'],
    settings: {
      managedSkus: stock.map((s) => s.sku),
      prune: input.prune ?? false,
      maxRemovals: input.maxRemovals ?? 50,
      seatReserve: stock.filter((s) => (s.reserve ?? 0) > 0).map((s) => ({ sku: s.sku, seats: s.reserve ?? 0 })),
    },
    operations,
    seats: stock.map((s) => forecast(s, operations)),
    checks,
    summary: {
      assign: count('assign'), update: count('update'), remove: count('remove'),
      principals: operations.length, removals: input.removals ?? count('remove'),
      errors, warnings: checks.filter((c) => c.severity === 'warning').length,
    },
    blocked: errors > 0,
    fingerprints: {
      skus: fingerprintOf(stock.map((s) => s.sku.skuId)),
      principals: Object.fromEntries(operations.map((op) => [op.id, op.fingerprint])),
    },
  };
}
