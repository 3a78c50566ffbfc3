/**
 * Public API of the construct library: every construct with its props types,
 * the configuration schema and loader, and the shared validators. Each module
 * is also importable on its own (`gitops-day-platform/lib/storage/longhorn`),
 * which loads only what it needs.
 *
 * @packageDocumentation
 */

// Configuration
export { CONFIG_ENV, loadConfig, loadConfigFile, parseConfig } from "./config/load-config";
export { longhornStorageClassSchema, platformConfigSchema, storageNodes } from "./config/schema";
export type { LonghornConfig, PlatformConfig, PlatformConfigInput, StorageNodes } from "./config/schema";
export { hcloudSchema, nodeNames, nodePoolSchema } from "./config/hcloud-schema";
export type { HcloudConfig, NodePoolConfig } from "./config/hcloud-schema";
export { configJsonSchema } from "./config/json-schema";
export { InternalError, PropIssues, ValidationError, isUnresolved, parseTaint } from "./validation";
export type { Taint } from "./validation";

// Terraform plumbing
export { addStateBackend, stateBackendSchema } from "./terraform/state-backend";
export type { StateBackendConfig, StateBackendInput } from "./terraform/state-backend";
export { sensitiveVariable } from "./terraform/sensitive-variable";

// Kubernetes
export { CLUSTER_PROVIDERS_DEFAULTS, ClusterProviders } from "./kubernetes/cluster-providers";
export type { ClusterProvidersProps } from "./kubernetes/cluster-providers";
export { MANIFEST_RELEASE_DEFAULTS, ManifestRelease } from "./kubernetes/manifest-release";
export type { KubernetesObject, LocalChart, ManifestReleaseProps } from "./kubernetes/manifest-release";
export { helmValuesYaml } from "./kubernetes/helm-values";
export { helmRelease } from "./kubernetes/helm-release";
export { REGISTERED_NODES_DEFAULTS, RegisteredNodes } from "./kubernetes/registered-nodes";
export type { RegisteredNodesProps } from "./kubernetes/registered-nodes";

// Storage
export { LONGHORN_DEFAULTS, Longhorn } from "./storage/longhorn";
export type { ILonghorn, LonghornProps, LonghornS3Backup } from "./storage/longhorn";
export { existingStorageClass } from "./storage/storage-class";
export type { IStorageClass } from "./storage/storage-class";
export { LONGHORN_CHART_STORAGE_CLASS, LONGHORN_SUPPORTED_VERSIONS, longhornChartValues } from "./storage/longhorn-values";
export type { LonghornChartValues, Toleration } from "./storage/longhorn-values";
export { LONGHORN_DISK_DEFAULTS, LONGHORN_STORAGE_NODES_DEFAULTS, LonghornStorageNodes } from "./storage/longhorn-storage-nodes";
export type { LonghornDisk, LonghornStorageNodesProps } from "./storage/longhorn-storage-nodes";
export { LONGHORN_STORAGE_CLASS_DEFAULTS, LonghornStorageClass } from "./storage/longhorn-storage-class";
export type { LonghornStorageClassProps } from "./storage/longhorn-storage-class";
export { LONGHORN_RECURRING_JOBS_DEFAULTS, LonghornRecurringJobs } from "./storage/longhorn-recurring-jobs";
export type { LonghornRecurringJobsProps } from "./storage/longhorn-recurring-jobs";
export {
  GUIDE_BACKUP_JOBS,
  RECURRING_JOB_SPEC_DEFAULTS,
  RECURRING_JOB_TASKS,
  recurringJobSchema,
  recurringJobsSchema,
} from "./storage/recurring-job";
export type { RecurringJobSpec, RecurringJobTask } from "./storage/recurring-job";

// Ingress, certificates, maintenance and monitoring (part 2 of the guide)
export { PROTECTED_INGRESS_ROUTE_DEFAULTS, ProtectedIngressRoute } from "./ingress/protected-ingress-route";
export type {
  BasicAuth,
  BasicAuthMiddleware,
  CreatedMiddleware,
  IpAllowList,
  IpAllowListMiddleware,
  MiddlewareReference,
  ProtectedIngressRouteProps,
  RouteTls,
} from "./ingress/protected-ingress-route";
export { TRAEFIK_DEFAULTS, TRAEFIK_SUPPORTED_VERSIONS, Traefik } from "./ingress/traefik";
export type { ITraefik, TraefikDashboard, TraefikProps } from "./ingress/traefik";
export { K3S_POD_CIDR, TRAEFIK_ENTRY_POINTS, traefikLoadBalancerServices } from "./ingress/traefik-entry-points";
export type { LoadBalancerServiceSpec } from "./ingress/traefik-entry-points";
export { TRAEFIK_MIDDLEWARES_DEFAULTS, TRAEFIK_MIDDLEWARE_DEFAULTS, TraefikMiddlewares } from "./ingress/traefik-middlewares";
export type { TraefikMiddlewaresProps } from "./ingress/traefik-middlewares";
export { CERT_MANAGER_DEFAULTS, CERT_MANAGER_SUPPORTED_VERSIONS, CertManager } from "./certificates/cert-manager";
export type { CertManagerProps, ICertManager } from "./certificates/cert-manager";
export { LETS_ENCRYPT_ISSUER_DEFAULTS, LETS_ENCRYPT_SERVERS, LetsEncryptIssuer } from "./certificates/lets-encrypt-issuer";
export type { IClusterIssuer, LetsEncryptEnvironment, LetsEncryptIssuerProps } from "./certificates/lets-encrypt-issuer";
export { WILDCARD_CERTIFICATE_DEFAULTS, WildcardCertificate } from "./certificates/wildcard-certificate";
export type { WildcardCertificateProps } from "./certificates/wildcard-certificate";
export { KURED_DAYS, KURED_DEFAULTS, Kured } from "./maintenance/kured";
export type { KuredDay, KuredProps, RebootWindow } from "./maintenance/kured";
export { SYSTEM_UPGRADE_CONTROLLER_DEFAULTS, SystemUpgradeController } from "./maintenance/system-upgrade-controller";
export type { ISystemUpgradeController, SystemUpgradeControllerProps } from "./maintenance/system-upgrade-controller";
export { K3S_UPGRADE_PLANS_DEFAULTS, K3sUpgradePlans } from "./maintenance/k3s-upgrade-plans";
export type { K3sUpgradePlansProps } from "./maintenance/k3s-upgrade-plans";
export { PROMETHEUS_OPERATOR_CRDS_DEFAULTS, PrometheusOperatorCrds } from "./monitoring/prometheus-operator-crds";
export type { PrometheusOperatorCrdsProps } from "./monitoring/prometheus-operator-crds";
export { PrometheusServiceMonitor } from "./monitoring/prometheus-service-monitor";
export type { PrometheusServiceMonitorProps, ServiceMonitorEndpoint } from "./monitoring/prometheus-service-monitor";

// Databases
export { DATABASE_NODE_ROLES_DEFAULTS, DatabaseNodeRoles, PRIMARY_ROLE_LABEL, READ_ROLE_LABEL } from "./databases/node-roles";
export type { DatabaseNodeRolesProps, IDatabaseNodes } from "./databases/node-roles";
export { POSTGRESQL_DEFAULTS, Postgresql } from "./databases/postgresql";
export type { IPostgresql, PostgresqlPasswords, PostgresqlProps } from "./databases/postgresql";
export { BITNAMI_DATABASE_DEFAULTS } from "./databases/bitnami-database-props";
export type { BitnamiDatabaseProps } from "./databases/bitnami-database-props";
export { POSTGRESQL_CHART_VERSIONS } from "./databases/postgresql-values";
export { REDIS_DEFAULTS, Redis } from "./databases/redis";
export type { RedisProps } from "./databases/redis";
export { REDIS_CHART_VERSIONS } from "./databases/redis-values";
export { POSTGRESQL_DEFAULT_RESOURCES, REDIS_DEFAULT_RESOURCES, quantityValue } from "./databases/resources";
export type { ContainerResources, ResourceAmounts } from "./databases/resources";
export type { PostgresqlResourceComponent } from "./databases/postgresql-values";
export type { RedisResourceComponent } from "./databases/redis-values";
export { POSTGRESQL_DUMP_CRON_JOB_DEFAULTS, PostgresqlDumpCronJob } from "./databases/postgresql-dump-cron-job";
export type { PostgresqlDumpCronJobProps, SecretKeyReference } from "./databases/postgresql-dump-cron-job";
export type { BitnamiImage, BitnamiImageOverride } from "./databases/bitnami-image";

// Hetzner Cloud
export { K3S_CLUSTER_DEFAULTS, K3sCluster } from "./hcloud/k3s-cluster";
export type {
  EtcdS3Credentials,
  K3sClusterControlPlane,
  K3sClusterEtcdS3Snapshots,
  K3sClusterFirewall,
  K3sClusterK3s,
  K3sClusterNodePool,
  K3sClusterProps,
  K3sClusterSsh,
  K3sClusterSshKey,
} from "./hcloud/k3s-cluster";
export { ClusterToken } from "./hcloud/cluster-token";
export type { ClusterTokenProps } from "./hcloud/cluster-token";
export { CONTROL_PLANE_DEFAULTS, ControlPlane } from "./hcloud/control-plane";
export type { ControlPlaneProps, EtcdS3Snapshots } from "./hcloud/control-plane";
export { NODE_POOL_DEFAULTS, NodePool } from "./hcloud/node-pool";
export type { NodePoolLoadBalancer, NodePoolLoadBalancerService, NodePoolProps, NodePoolVolume } from "./hcloud/node-pool";
export { NODE_FIREWALL_DEFAULTS, NodeFirewall } from "./hcloud/node-firewall";
export type { FirewallInboundRule, NodeFirewallProps } from "./hcloud/node-firewall";
export { PRIVATE_NETWORK_DEFAULTS, PrivateNetwork } from "./hcloud/private-network";
export type { PrivateNetworkProps } from "./hcloud/private-network";
export { SPREAD_PLACEMENT_GROUPS_DEFAULTS, SpreadPlacementGroups } from "./hcloud/spread-placement-groups";
export type { SpreadPlacementGroupsProps } from "./hcloud/spread-placement-groups";
export * as hcloud from "./providers/hcloud";
