import type { TokenCredential, TokenCredentialOptions } from '@azure/identity';
import type { AuthConfig } from './auth-config.js';
import type { FetchLike } from './graph-client.js';
import { fetchGithubIdToken } from './auth-github-oidc.js';

/** Options passed through to @azure/identity (proxy, TLS trust, a private authority). */
export type IdentityOptions = TokenCredentialOptions & {
  /** Skip authority validation against login.microsoft.com (private or test authorities). */
  disableInstanceDiscovery?: boolean;
};

export interface CredentialSettings {
  /** Login authority of the cloud, e.g. `https://login.microsoftonline.us`. */
  authorityHost: string;
  identityOptions?: IdentityOptions;
  /** Used for the GitHub Actions ID-token request. */
  fetch?: FetchLike;
}

/**
 * The @azure/identity credential for a sign-in method. `token` needs none (the bearer token is
 * used as is), so it returns undefined. The library is loaded here, when the first token is
 * needed: it takes longer to load than reading a few thousand users through Graph.
 */
export async function createCredential(config: AuthConfig, settings: CredentialSettings): Promise<TokenCredential | undefined> {
  if (config.method === 'token') return undefined;
  const { AzureCliCredential, ClientAssertionCredential, ClientCertificateCredential, ClientSecretCredential, ManagedIdentityCredential, WorkloadIdentityCredential } =
    await import('@azure/identity');
  const options: IdentityOptions = { ...settings.identityOptions, authorityHost: settings.authorityHost };
  switch (config.method) {
    case 'secret':
      return new ClientSecretCredential(config.tenantId, config.clientId, config.clientSecret, options);
    case 'certificate':
      return new ClientCertificateCredential(
        config.tenantId,
        config.clientId,
        config.certificatePassword === undefined
          ? { certificatePath: config.certificatePath }
          : { certificatePath: config.certificatePath, certificatePassword: config.certificatePassword },
        options,
      );
    case 'github-oidc': {
      const { requestUrl, requestToken } = config;
      // Fetch a fresh GitHub ID token whenever Entra needs an assertion: they are short-lived.
      const getAssertion = () => fetchGithubIdToken(requestUrl, requestToken, settings.fetch);
      return new ClientAssertionCredential(config.tenantId, config.clientId, getAssertion, options);
    }
    case 'workload-identity':
      // Reads the file whenever it needs an assertion: the kubelet rotates the token in place.
      return new WorkloadIdentityCredential({ ...options, tenantId: config.tenantId, clientId: config.clientId, tokenFilePath: config.tokenFilePath });
    case 'managed-identity':
      return config.clientId === undefined ? new ManagedIdentityCredential(options) : new ManagedIdentityCredential({ ...options, clientId: config.clientId });
    case 'azure-cli':
      // The Azure CLI signs in against the cloud chosen with `az cloud set`; it has no authority option.
      return new AzureCliCredential(config.tenantId === undefined ? {} : { tenantId: config.tenantId });
  }
}
