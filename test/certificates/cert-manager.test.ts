import { parse } from "yaml";
import { CERT_MANAGER_DEFAULTS, CertManager, CertManagerProps, isSupportedCertManagerVersion } from "../../src/certificates/cert-manager";
import { PrometheusOperatorCrds } from "../../src/monitoring/prometheus-operator-crds";
import { ValidationError } from "../../src/validation";
import { errorOf, onlyResource, resourcesOf, synthScope } from "../helpers";
import { unusedTokens } from "../tokens";

function synth(props: CertManagerProps = {}) {
  return synthScope((scope) => new CertManager(scope, "CertManager", props));
}

function release(props: CertManagerProps = {}) {
  const { parsed } = synth(props);
  const helm = onlyResource(parsed, "helm_release");
  return { parsed, release: helm, values: parse((helm.values as string[])[0]) as Record<string, any> };
}

describe("CertManager", () => {
  it("matches the snapshot", () => {
    expect(synth().json).toMatchSnapshot();
  });

  it("installs chart v1.21.1 as release cert-manager in the namespace cert-manager it creates", () => {
    const { parsed, release: helm } = release();
    expect(CERT_MANAGER_DEFAULTS).toEqual({
      chartVersion: "v1.21.1",
      repository: "https://charts.jetstack.io",
      namespace: "cert-manager",
      serviceMonitor: false,
      timeoutSeconds: 600,
    });
    expect(onlyResource(parsed, "kubernetes_namespace_v1").metadata).toEqual({ name: "cert-manager" });
    expect(helm).toMatchObject({
      name: "cert-manager",
      chart: "cert-manager",
      repository: "https://charts.jetstack.io",
      version: "v1.21.1",
      timeout: 600,
    });
    expect(helm.namespace).toMatch(/^\$\{kubernetes_namespace_v1\.CertManager_Namespace_[0-9A-F]+\.metadata\[0\]\.name\}$/);
    expect(helm.depends_on).toBeUndefined();
  });

  it("installs the CRDs and keeps them on uninstall, without metrics by default", () => {
    expect(release().values).toEqual({
      crds: { enabled: true, keep: true },
      prometheus: { enabled: false, servicemonitor: { enabled: false } },
    });
  });

  it("turns metrics and the ServiceMonitor on, after the release it depends on", () => {
    const { parsed } = synthScope((scope) => {
      const crds = new PrometheusOperatorCrds(scope, "Crds");
      new CertManager(scope, "CertManager", { serviceMonitor: true, dependsOn: [crds.release] });
    });
    const releases = resourcesOf(parsed, "helm_release");
    const crdsId = Object.keys(releases).find((id) => id.startsWith("Crds_"));
    const certManager = Object.values(releases).find((r) => r.name === "cert-manager")!;
    expect(parse((certManager.values as string[])[0])).toEqual({
      crds: { enabled: true, keep: true },
      prometheus: { enabled: true, servicemonitor: { enabled: true } },
    });
    expect(certManager.depends_on).toEqual([`helm_release.${crdsId}`]);
  });

  it("takes another chart version, repository, namespace and timeout", () => {
    let certManager: CertManager | undefined;
    const { parsed } = synthScope((scope) => {
      certManager = new CertManager(scope, "CertManager", {
        chartVersion: "v1.15.0",
        repository: "oci://quay.io/jetstack/charts",
        namespace: "certificates",
        timeoutSeconds: 900,
      });
    });
    expect(onlyResource(parsed, "helm_release")).toMatchObject({
      version: "v1.15.0",
      repository: "oci://quay.io/jetstack/charts",
      timeout: 900,
    });
    expect(onlyResource(parsed, "kubernetes_namespace_v1").metadata).toEqual({ name: "certificates" });
    expect(certManager!.chartVersion).toBe("v1.15.0");
  });

  it("accepts tokens for every prop it validates", () => {
    expect(
      unusedTokens((scope, t) => {
        new CertManager(scope, "CertManager", {
          chartVersion: t.string("chart_version"),
          namespace: t.string("namespace"),
          timeoutSeconds: t.number("timeout"),
        });
      }),
    ).toEqual([]);
  });

  it.each<[string, boolean]>([
    ["v1.21.1", true],
    ["v1.15.0", true],
    ["1.21.1", false],
    ["v1.14.7", false],
    ["v1.22.0", false],
    ["v1.21.1-rc.1", false],
    ["v1.21.1 ", false],
    ["v1.21.1+build.1", false],
  ])("knows whether %j is a supported chart version (%s)", (version, supported) => {
    expect(isSupportedCertManagerVersion(version)).toBe(supported);
  });

  it.each<[string, CertManagerProps, RegExp]>([
    [
      "a chart version without its 'v'",
      { chartVersion: "1.21.1" },
      /chartVersion: must be a cert-manager chart version this project supports, exactly as published: v1\.15\.0-v1\.15\.5, .*v1\.21\.0-v1\.21\.1 \(got "1\.21\.1"\)/,
    ],
    [
      "a chart version below the supported range",
      { chartVersion: "v1.14.7" },
      /chartVersion: must be a cert-manager chart version this project supports, exactly as published: v1\.15\.0-v1\.15\.5, .*v1\.21\.0-v1\.21\.1 \(got "v1\.14\.7"\)/,
    ],
    [
      "a chart version above the supported range",
      { chartVersion: "v1.22.0" },
      /chartVersion: must be a cert-manager chart version this project supports, exactly as published: v1\.15\.0-v1\.15\.5, .*v1\.21\.0-v1\.21\.1 \(got "v1\.22\.0"\)/,
    ],
    [
      "a chart version with a trailing space",
      { chartVersion: "v1.21.1 " },
      /chartVersion: must be a cert-manager chart version this project supports, exactly as published: v1\.15\.0-v1\.15\.5, .*v1\.21\.0-v1\.21\.1 \(got "v1\.21\.1 "\)/,
    ],
    [
      "a chart version with build metadata",
      { chartVersion: "v1.21.1+build.1" },
      /chartVersion: must be a cert-manager chart version this project supports, exactly as published: v1\.15\.0-v1\.15\.5, .*v1\.21\.0-v1\.21\.1 \(got "v1\.21\.1\+build\.1"\)/,
    ],
    [
      "a bad namespace",
      { namespace: "Cert-Manager" },
      /namespace: must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit \(got "Cert-Manager"\)/,
    ],
    ["a timeout under a minute", { timeoutSeconds: 30 }, /timeoutSeconds: must be a whole number of seconds >= 60 \(got 30\)/],
    ["a fractional timeout", { timeoutSeconds: 600.5 }, /timeoutSeconds: must be a whole number of seconds >= 60 \(got 600\.5\)/],
  ])("rejects %s", (_name, props, expected) => {
    expect(() => synth(props)).toThrow(ValidationError);
    const message = errorOf(() => synth(props));
    expect(message).toMatch(/^test\/CertManager props:/);
    expect(message).toMatch(expected);
  });
});
