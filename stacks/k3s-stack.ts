import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { PlatformConfig, storageNodes } from "../src/config/schema";
import { CertManager } from "../src/certificates/cert-manager";
import { LetsEncryptIssuer } from "../src/certificates/lets-encrypt-issuer";
import { WildcardCertificate } from "../src/certificates/wildcard-certificate";
import { ProtectedIngressRoute } from "../src/ingress/protected-ingress-route";
import { Traefik } from "../src/ingress/traefik";
import { TRAEFIK_MIDDLEWARES_DEFAULTS, TraefikMiddlewares } from "../src/ingress/traefik-middlewares";
import { K3sUpgradePlans } from "../src/maintenance/k3s-upgrade-plans";
import { Kured } from "../src/maintenance/kured";
import { SystemUpgradeController } from "../src/maintenance/system-upgrade-controller";
import { PrometheusOperatorCrds } from "../src/monitoring/prometheus-operator-crds";
import { ClusterProviders } from "../src/kubernetes/cluster-providers";
import { PrometheusServiceMonitor } from "../src/monitoring/prometheus-service-monitor";
import { Longhorn } from "../src/storage/longhorn";
import { LonghornRecurringJobs } from "../src/storage/longhorn-recurring-jobs";
import { LonghornStorageClass } from "../src/storage/longhorn-storage-class";
import { RegisteredNodes } from "../src/kubernetes/registered-nodes";
import { LonghornDisk, LonghornStorageNodes } from "../src/storage/longhorn-storage-nodes";
import { resolveNodeRoles } from "../src/config/databases-schema";
import { DatabaseNodeRoles } from "../src/databases/node-roles";
import { Postgresql } from "../src/databases/postgresql";
import { PostgresqlDumpCronJob } from "../src/databases/postgresql-dump-cron-job";
import { Redis } from "../src/databases/redis";
import { sensitiveVariable } from "../src/terraform/sensitive-variable";
import { addStateBackend } from "../src/terraform/state-backend";

/** Props of {@link K3sStack}. */
export interface K3sStackProps {
  /** The validated platform configuration. */
  readonly config: PlatformConfig;
}

/**
 * Everything installed on the k3s cluster: the services of part 2 of the guide
 * (prometheus-operator CRDs, Traefik and its middlewares, cert-manager with a
 * wildcard certificate, kured, k3s upgrade Plans), then Longhorn with its disks,
 * backups, StorageClass, UI and metrics, and the databases of part 3.
 *
 * Secrets are sensitive Terraform variables (export `TF_VAR_<name>`).
 */
export class K3sStack extends TerraformStack {
  /** The providers the stack deploys with. */
  public readonly providers: ClusterProviders;
  /** The prometheus-operator CRDs, when ServiceMonitors are on and the stack installs them. */
  public readonly prometheusOperatorCrds?: PrometheusOperatorCrds;
  /** Traefik, when `traefik.enabled`. */
  public readonly traefik?: Traefik;
  /** middleware-ip and middleware-auth, with Traefik. */
  public readonly traefikMiddlewares?: TraefikMiddlewares;
  /** cert-manager, when `certManager.enabled`. */
  public readonly certManager?: CertManager;
  /** The Let's Encrypt ClusterIssuer, with cert-manager. */
  public readonly letsEncryptIssuer?: LetsEncryptIssuer;
  /** The wildcard certificate, Traefik's default certificate, with cert-manager. */
  public readonly wildcardCertificate?: WildcardCertificate;
  /** kured, when `kured.enabled`. */
  public readonly kured?: Kured;
  /** system-upgrade-controller, when `upgrades.enabled`. */
  public readonly systemUpgradeController?: SystemUpgradeController;
  /** The k3s upgrade Plans, when `upgrades.enabled`. */
  public readonly k3sUpgradePlans?: K3sUpgradePlans;
  /** Declared disks and node tags of the storage nodes. */
  public readonly storageNodes: LonghornStorageNodes;
  /** The Longhorn installation. */
  public readonly longhorn: Longhorn;
  /** The wait for the storage nodes to register (`kubernetes.waitForNodes`). */
  public readonly registeredStorageNodes?: RegisteredNodes;
  /** The fast StorageClass. */
  public readonly fastStorageClass: LonghornStorageClass;
  /** The recurring backup jobs. */
  public readonly recurringJobs: LonghornRecurringJobs;
  /** The Longhorn UI route, when exposed. */
  public readonly longhornUi?: ProtectedIngressRoute;
  /** The Longhorn ServiceMonitor, when monitoring is on. */
  public readonly longhornServiceMonitor?: PrometheusServiceMonitor;
  /** The primary/read role labels of the storage nodes, when `databases` is configured. */
  public readonly databaseNodeRoles?: DatabaseNodeRoles;
  /** PostgreSQL, when `databases.postgresql` is configured. */
  public readonly postgresql?: Postgresql;
  /** The PostgreSQL dump CronJob, when `databases.postgresql.dumps.enabled`. */
  public readonly postgresqlDumps?: PostgresqlDumpCronJob;
  /** Redis, when `databases.redis` is configured. */
  public readonly redis?: Redis;

  constructor(scope: Construct, id: string, props: K3sStackProps) {
    super(scope, id);
    const { config } = props;
    addStateBackend(this, config.backend);
    this.providers = new ClusterProviders(this, "Providers", config.kubernetes);
    const serviceMonitors = config.monitoring.serviceMonitors;

    // ---------------------------------------------------------------------------
    // Part 2 of the guide: monitoring CRDs, ingress, certificates, reboots, upgrades.
    // ---------------------------------------------------------------------------
    if (serviceMonitors && config.monitoring.prometheusOperatorCrds.enabled) {
      this.prometheusOperatorCrds = new PrometheusOperatorCrds(this, "PrometheusOperatorCrds", {
        chartVersion: config.monitoring.prometheusOperatorCrds.chartVersion,
      });
    }
    // Every release that creates a ServiceMonitor goes after the CRDs.
    const afterMonitoringCrds = this.prometheusOperatorCrds ? [this.prometheusOperatorCrds.release] : [];

    const tr = config.traefik?.enabled ? config.traefik : undefined;
    const cm = config.certManager?.enabled ? config.certManager : undefined;
    if (tr) {
      const traefik = new Traefik(this, "Traefik", {
        chartVersion: tr.chartVersion,
        namespace: tr.namespace,
        // servicelb forwards from a pod: the pod range trusted with the private network
        trustedIps: [config.hcloud.networkIpRange, config.hcloud.k3s.clusterCidr],
        proxyProtocol: tr.proxyProtocol,
        accessLogs: tr.accessLogs,
        defaultCertificateSecret: cm?.certificate.secretName,
        dashboard: tr.dashboard.enabled
          ? {
              host: `${tr.dashboard.subdomain}.${config.cluster.domain}`,
              // The middlewares below, created once Traefik's CRDs exist.
              middlewares: [
                { name: TRAEFIK_MIDDLEWARES_DEFAULTS.ipAllowListName, namespace: tr.namespace },
                { name: TRAEFIK_MIDDLEWARES_DEFAULTS.basicAuthName, namespace: tr.namespace },
              ],
            }
          : undefined,
        serviceMonitor: serviceMonitors,
        dependsOn: afterMonitoringCrds,
      });
      this.traefik = traefik;
      this.traefikMiddlewares = new TraefikMiddlewares(this, "TraefikMiddlewares", {
        traefik,
        ipAllowList: tr.middlewares.ipAllowList,
        htpasswd: sensitiveVariable(
          this,
          "middleware_auth_htpasswd",
          "htpasswd lines (user:bcrypt-hash) of the middleware-auth basic-auth middleware (Traefik dashboard, Longhorn UI).",
        ),
      });
      if (cm) {
        const certManager = new CertManager(this, "CertManager", {
          chartVersion: cm.chartVersion,
          namespace: cm.namespace,
          serviceMonitor: serviceMonitors,
          dependsOn: afterMonitoringCrds,
        });
        const issuer = new LetsEncryptIssuer(this, "LetsEncryptIssuer", {
          email: cm.acme.email,
          environment: cm.acme.environment,
          certManager,
          cloudflareApiToken: sensitiveVariable(
            this,
            "dns_api_token",
            "Cloudflare API token (Zone:DNS:Edit) for cert-manager's DNS-01 challenges.",
          ),
        });
        this.certManager = certManager;
        this.letsEncryptIssuer = issuer;
        this.wildcardCertificate = new WildcardCertificate(this, "WildcardCertificate", {
          domain: config.cluster.domain,
          issuer,
          traefik,
          secretName: cm.certificate.secretName,
        });
      }
    }
    if (config.kured?.enabled) {
      this.kured = new Kured(this, "Kured", {
        chartVersion: config.kured.chartVersion,
        period: config.kured.period,
        rebootWindow: config.kured.rebootWindow,
        serviceMonitor: serviceMonitors,
        dependsOn: afterMonitoringCrds,
      });
    }
    if (config.upgrades?.enabled && config.hcloud.k3s.version) {
      this.systemUpgradeController = new SystemUpgradeController(this, "SystemUpgradeController", {
        version: config.upgrades.controllerVersion,
      });
      this.k3sUpgradePlans = new K3sUpgradePlans(this, "K3sUpgradePlans", {
        controller: this.systemUpgradeController,
        version: config.hcloud.k3s.version,
        concurrency: config.upgrades.concurrency,
      });
    }

    const s3AccessKey = sensitiveVariable(this, "s3_access_key", "Access key id of the S3 bucket Longhorn backs up to.");
    const s3SecretKey = sensitiveVariable(this, "s3_secret_key", "Secret access key of the S3 bucket Longhorn backs up to.");

    const lh = config.longhorn;
    const storage = storageNodes(config);
    const gib = (n: number) => Math.round(n * 2 ** 30);
    const disks: LonghornDisk[] = [
      {
        name: "default-disk",
        path: lh.disks.rootDiskPath,
        tags: lh.disks.rootDiskTags,
        storageReserved: gib(lh.disks.rootDiskStorageReservedGiB),
      },
    ];
    if (storage.pool.volume) {
      disks.push({
        name: lh.disks.volumeDiskName,
        path: storage.pool.volume.mountPath,
        tags: lh.disks.volumeDiskTags,
        storageReserved: gib(lh.disks.volumeDiskStorageReservedGiB),
      });
    }
    // The first deploy right after the hcloud stack's: labels on a Node that has not registered yet fail.
    const wait = config.kubernetes.waitForNodes;
    if (wait.enabled) {
      this.registeredStorageNodes = new RegisteredNodes(this, "RegisteredStorageNodes", {
        nodeNames: storage.names,
        configPath: config.kubernetes.configPath,
        context: config.kubernetes.context,
        timeoutSeconds: wait.timeoutSeconds,
        kubectl: wait.kubectl,
      });
    }
    const afterNodesRegistered = this.registeredStorageNodes ? [this.registeredStorageNodes.resource] : undefined;
    this.storageNodes = new LonghornStorageNodes(this, "LonghornStorageNodes", {
      nodeNames: storage.names,
      disks,
      nodeTags: lh.disks.nodeTags,
      dependsOn: afterNodesRegistered,
    });

    this.longhorn = new Longhorn(this, "Longhorn", {
      chartVersion: lh.chartVersion,
      namespace: lh.namespace,
      replicaCount: lh.replicaCount ?? storage.names.length,
      backup: { ...lh.backup.s3, accessKeyId: s3AccessKey, secretAccessKey: s3SecretKey },
      tolerateTaints: storage.taints,
      preventDestroy: lh.preventDestroy,
      dependsOn: [this.storageNodes.labels, this.storageNodes.annotations],
    });
    const afterLonghorn = [this.longhorn.release];

    this.fastStorageClass = new LonghornStorageClass(this, "FastStorageClass", { ...lh.storageClass, longhorn: this.longhorn });

    this.recurringJobs = new LonghornRecurringJobs(this, "RecurringJobs", { longhorn: this.longhorn, jobs: lh.recurringJobs });

    if (lh.ui.enabled) {
      const { ipAllowList, basicAuth } = lh.ui;
      this.longhornUi = new ProtectedIngressRoute(this, "LonghornUi", {
        name: "longhorn",
        namespace: this.longhorn.namespaceName,
        host: `${lh.ui.subdomain}.${config.cluster.domain}`,
        serviceName: "longhorn-frontend",
        servicePort: "http",
        entryPoints: lh.ui.entryPoints,
        ipAllowList,
        basicAuth:
          "create" in basicAuth
            ? { users: sensitiveVariable(this, "longhorn_ui_htpasswd", "htpasswd lines (user:bcrypt-hash) allowed into the Longhorn UI.") }
            : basicAuth,
        tls: lh.ui.tls,
        // Traefik's CRDs, and the guide's middlewares (the config names them), when this stack installs them.
        traefik: this.traefik,
        dependsOn: [...afterLonghorn, ...(this.traefikMiddlewares ? [this.traefikMiddlewares.manifests.release] : [])],
      });
    }

    if (serviceMonitors) {
      this.longhornServiceMonitor = new PrometheusServiceMonitor(this, "LonghornServiceMonitor", {
        name: "longhorn-manager",
        namespace: this.longhorn.namespaceName,
        matchLabels: { app: "longhorn-manager" },
        endpoints: [{ port: "manager" }],
        releaseName: "longhorn-metrics",
        dependsOn: [...afterLonghorn, ...afterMonitoringCrds],
      });
    }

    // ---------------------------------------------------------------------------
    // Databases (issue #3): node roles, PostgreSQL, Redis and the dump CronJob on
    // the storage nodes, with volumes on the fast StorageClass.
    // ---------------------------------------------------------------------------
    const db = config.databases;
    if (db) {
      const roles = resolveNodeRoles(db, storage.names);
      this.databaseNodeRoles = new DatabaseNodeRoles(this, "DatabaseNodeRoles", { ...roles, dependsOn: afterNodesRegistered });
      const storageTaints = storage.taints;
      // The releases wait for the role labels (nodes) and the fast class (storageClass) themselves.
      const nodes = this.databaseNodeRoles;
      const storageClass = this.fastStorageClass;

      if (db.postgresql) {
        const pg = db.postgresql;
        this.postgresql = new Postgresql(this, "PostgreSQL", {
          chartVersion: pg.chartVersion,
          repository: pg.repository,
          namespace: pg.namespace,
          releaseName: pg.releaseName,
          username: pg.user,
          database: pg.database,
          replicationUsername: pg.replicationUser,
          passwords: {
            admin: sensitiveVariable(this, "pgsql_admin_password", "Password of the PostgreSQL superuser 'postgres'."),
            user: sensitiveVariable(this, "pgsql_password", `Password of the PostgreSQL application user '${pg.user}'.`),
            replication: sensitiveVariable(
              this,
              "pgsql_replication_password",
              `Password of the PostgreSQL replication user '${pg.replicationUser}'.`,
            ),
          },
          readReplicas: pg.readReplicas,
          nodes,
          tolerateTaints: storageTaints,
          storageClass,
          volumeSize: pg.volumeSize,
          resources: pg.resources,
          metrics: pg.metrics,
          serviceMonitor: serviceMonitors,
          images: pg.images,
          dependsOn: afterMonitoringCrds,
        });
        if (pg.dumps.enabled) {
          // Named <releaseName>-dump; connects to the primary as the superuser, after the release.
          this.postgresqlDumps = new PostgresqlDumpCronJob(this, "PostgreSQLDumps", {
            postgresql: this.postgresql,
            schedule: pg.dumps.schedule,
            timeZone: pg.dumps.timeZone,
            retain: pg.dumps.retain,
            // README, "Dumps": by default on Longhorn's replicated class, so the dumps survive a storage node.
            // The config schema allows that class or the fast one.
            volume: {
              claimName: pg.dumps.claimName,
              size: pg.dumps.volumeSize,
              storageClass: pg.dumps.storageClass === storageClass.storageClassName ? storageClass : this.longhorn.chartStorageClass,
              preventDestroy: pg.dumps.preventDestroy,
            },
          });
        }
      }

      if (db.redis) {
        const r = db.redis;
        this.redis = new Redis(this, "Redis", {
          chartVersion: r.chartVersion,
          repository: r.repository,
          namespace: r.namespace,
          releaseName: r.releaseName,
          password: sensitiveVariable(this, "redis_password", "Password of Redis."),
          architecture: r.architecture,
          replicas: r.replicas,
          nodes,
          tolerateTaints: storageTaints,
          storageClass,
          volumeSize: r.volumeSize,
          resources: r.resources,
          metrics: r.metrics,
          serviceMonitor: serviceMonitors,
          images: r.images,
          dependsOn: afterMonitoringCrds,
        });
      }
    }
  }
}
