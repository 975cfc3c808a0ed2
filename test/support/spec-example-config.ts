/** The two profiles of the SPEC example. */
export const SPEC_EXAMPLE_PROFILES = `profiles:
  knowledge-worker:
    - sku: SPE_E3
      disabledPlans: [YAMMER_ENTERPRISE, SWAY]
    - sku: POWER_BI_PRO
  e5-exchange-and-teams:
    - sku: SPE_E5
      enabledPlans: [EXCHANGE_S_ENTERPRISE, TEAMS1]
`;

/** The desired-state file of SPEC section 3, every feature once: a fixture for config tests. */
export const SPEC_EXAMPLE_CONFIG = `# yaml-language-server: $schema=../schemas/skuform.schema.json
version: 1
tenant: contoso.onmicrosoft.com
store: file:tenant.json
settings:
  managedSkus: [SPE_E3, SPE_E5, POWER_BI_PRO]
  prune: false
  maxRemovals: 50
  seatReserve: { SPE_E3: 5 }
${SPEC_EXAMPLE_PROFILES}users:
  alice@contoso.com: knowledge-worker
  bob@contoso.com:
    profiles: [knowledge-worker]
    licenses:
      - sku: Visio Plan 2
  carol@contoso.com: []
groups:
  Sales:
    licenses:
      - sku: 05e9a617-0261-4cee-bb44-138d3ef5d965
        disabledPlans: [SWAY]
`;
