/** Every guardrail example, in catalogue order. */
import { accountBaselineCases } from './account-baseline.js';
import { auditTrailCases } from './audit-trail.js';
import { ciOidcTrustCases } from './ci-oidc-trust.js';
import { libraryIamTagCases } from './library-iam-tags.js';
import { libraryNetworkCases } from './library-network.js';
import { libraryServiceCases } from './library-services.js';
import { libraryStorageCases } from './library-storage.js';
import type { ExampleCase } from './common.js';
import { operatorRoleCases } from './operator-role-mfa-region-fence.js';
import { protectedResourcesKeptCases } from './protected-resources-kept.js';
import { providerNoProfileCases } from './provider-no-profile.js';
import { securityAlertsCases } from './security-alerts.js';
import { stateBucketAccessLoggedCases } from './state-bucket-access-logged.js';
import { stateBucketKmsOnlyCases } from './state-bucket-kms-only.js';
import { stateBucketPreventDestroyCases } from './state-bucket-prevent-destroy.js';

/** All example cases of the guardrail catalogue and its starter library. */
export function allCases(): ExampleCase[] {
  return [
    ...stateBucketKmsOnlyCases,
    ...stateBucketPreventDestroyCases,
    ...operatorRoleCases,
    ...providerNoProfileCases,
    ...ciOidcTrustCases,
    ...auditTrailCases,
    ...accountBaselineCases,
    ...protectedResourcesKeptCases,
    ...securityAlertsCases,
    ...stateBucketAccessLoggedCases,
    ...libraryStorageCases,
    ...libraryServiceCases,
    ...libraryNetworkCases,
    ...libraryIamTagCases,
  ];
}
