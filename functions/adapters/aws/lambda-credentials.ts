// Stands in for @aws-sdk/credential-provider-node in Lambda bundles (an esbuild alias set by
// the function construct). Lambda always hands a function its role's credentials in
// environment variables, so the default chain's SSO, INI, process, STS and IMDS providers
// are dead weight: about 100 KB of bundle and their module initialisation on every cold start.
import { fromEnv } from '@aws-sdk/credential-provider-env';

/** The credential provider the SDK clients ask for by default. */
export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
