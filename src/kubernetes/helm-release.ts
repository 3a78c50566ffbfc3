import { Release, ReleaseConfig } from "@cdktf/provider-helm/lib/release";
import { Construct } from "constructs";

/**
 * A `helm_release` as every construct of this project creates it: with `replace` on, so that a first
 * install that failed (a timeout while images pull, a node not ready yet) is retried by the next deploy.
 *
 * Helm provider 3.x keeps no state for a release whose install failed, while the release itself stays
 * in the cluster with the status `failed`; the next deploy installs again, which Helm refuses
 * ("cannot re-use a name that is still in use") unless `replace` is set. With it, Helm reinstalls over
 * the failed release and takes over its objects. It never replaces a deployed release: a name that a
 * working release (one installed by hand, or by another stack) uses is still refused.
 */
export function helmRelease(scope: Construct, id: string, config: ReleaseConfig): Release {
  return new Release(scope, id, { replace: true, ...config });
}
