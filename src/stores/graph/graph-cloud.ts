import { assertNever } from '../../model/plan.js';

/**
 * Microsoft's national clouds: each has its own Graph root and its own login authority, and
 * tokens are not interchangeable between them.
 */

export type GraphCloud = 'global' | 'usgov' | 'usgovdod' | 'china';

export const GRAPH_CLOUDS: readonly GraphCloud[] = ['global', 'usgov', 'usgovdod', 'china'];

export interface GraphCloudEndpoints {
  cloud: GraphCloud;
  /** Graph root without the version segment, e.g. `https://graph.microsoft.com`. */
  graphRoot: string;
  /** Entra ID login authority host for this cloud. */
  authorityHost: string;
  /** OAuth scope for app permissions granted to Graph in this cloud. */
  scope: string;
}

/** The Graph API version every request uses. */
export const GRAPH_VERSION = 'v1.0';

/** Graph root and login authority of a national cloud. */
export function resolveGraphCloud(cloud: GraphCloud): GraphCloudEndpoints {
  const endpoints = (graphRoot: string, authorityHost: string): GraphCloudEndpoints => ({
    cloud,
    graphRoot,
    authorityHost,
    scope: `${graphRoot}/.default`,
  });
  switch (cloud) {
    case 'global':
      return endpoints('https://graph.microsoft.com', 'https://login.microsoftonline.com');
    case 'usgov':
      return endpoints('https://graph.microsoft.us', 'https://login.microsoftonline.us');
    case 'usgovdod':
      // DoD tenants have their own Graph host but share the US Government login authority.
      return endpoints('https://dod-graph.microsoft.us', 'https://login.microsoftonline.us');
    case 'china':
      return endpoints('https://microsoftgraph.chinacloudapi.cn', 'https://login.chinacloudapi.cn');
    default:
      return assertNever(cloud);
  }
}

/** Narrows free text (a CLI flag) to a cloud name. */
export function isGraphCloud(value: string): value is GraphCloud {
  return (GRAPH_CLOUDS as readonly string[]).includes(value);
}
