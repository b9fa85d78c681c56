/**
 * The slice of the AWS provider (v5) schema that the starter library's example plans need, in the
 * shape of aws-schemas.ts: defaults the plan shows for unset optional arguments, attributes the
 * provider computes (unknown on create, e.g. `encrypted` of a volume left to the account default),
 * and the computed values of an existing object. Shapes follow real `show -json` output.
 */
import { createHash } from 'node:crypto';
import type { AwsContext, TypeSchema } from './aws-schemas.js';

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function hex(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

function tagsAll(values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return { ...((values.tags as Record<string, unknown> | null) ?? {}) };
}

const arn = (ctx: AwsContext, service: string, resource: string): string => `arn:aws:${service}:${ctx.region}:${ctx.accountId}:${resource}`;

/** OpenSearch and the older Elasticsearch domains share their shape; the provider computes the encryption blocks left out. */
function searchDomain(service: string): TypeSchema {
  return {
    defaults: {
      cluster_config: [], cognito_options: [], ebs_options: [], log_publishing_options: [], snapshot_options: [], tags: null, timeouts: null,
      vpc_options: [],
    },
    computed: [
      'access_policies', 'advanced_options', 'advanced_security_options', 'arn', 'dashboard_endpoint', 'domain_endpoint_options',
      'domain_id', 'encrypt_at_rest', 'endpoint', 'id', 'kibana_endpoint', 'node_to_node_encryption', 'tags_all',
    ],
    blockComputed: { encrypt_at_rest: { kms_key_id: `arn:aws:kms:eu-central-1:111122223333:key/${hex(`${service}:key`, 8)}-0000-4000-a000-000000000000` } },
    existing: () => {
      throw new Error('search domains in the library examples are always new');
    },
  };
}

export const LIBRARY_SCHEMAS: Readonly<Record<string, TypeSchema>> = {
  aws_s3_bucket_acl: {
    defaults: { acl: null, expected_bucket_owner: null },
    computed: ['access_control_policy', 'id'],
    existing: (v) => ({ id: `${str(v.bucket)},${str(v.acl)}` }),
  },
  aws_security_group: {
    defaults: { description: 'Managed by Terraform', name_prefix: null, revoke_rules_on_delete: false, tags: null, timeouts: null },
    computed: ['arn', 'egress', 'id', 'ingress', 'name', 'owner_id', 'tags_all', 'vpc_id'],
    existing: (v, ctx) => {
      const id = `sg-0${hex(`sg:${str(v.name)}`, 16)}`;
      return { arn: arn(ctx, 'ec2', `security-group/${id}`), egress: [], id, ingress: [], owner_id: ctx.accountId, tags_all: tagsAll(v), vpc_id: 'vpc-0a1b2c3d4e5f60718' };
    },
  },
  aws_security_group_rule: {
    defaults: { cidr_blocks: null, description: null, ipv6_cidr_blocks: null, prefix_list_ids: null, self: false, timeouts: null },
    computed: ['id', 'security_group_rule_id', 'source_security_group_id'],
    existing: () => {
      throw new Error('security group rules in the library examples are always new');
    },
  },
  aws_vpc_security_group_ingress_rule: {
    defaults: { cidr_ipv4: null, cidr_ipv6: null, description: null, from_port: null, prefix_list_id: null, referenced_security_group_id: null, tags: null, to_port: null },
    computed: ['arn', 'id', 'security_group_rule_id', 'tags_all'],
    existing: () => {
      throw new Error('security group rules in the library examples are always new');
    },
  },
  aws_iam_policy: {
    defaults: { description: null, path: '/', tags: null },
    computed: ['arn', 'attachment_count', 'id', 'name', 'name_prefix', 'policy_id', 'tags_all'],
    existing: (v, ctx) => {
      const arnValue = `arn:aws:iam::${ctx.accountId}:policy/${str(v.name)}`;
      return { arn: arnValue, attachment_count: 1, id: arnValue, name_prefix: '', policy_id: `ANPA${hex(`policy:${str(v.name)}`, 17).toUpperCase()}`, tags_all: tagsAll(v) };
    },
  },
  aws_iam_user_policy: {
    defaults: {},
    computed: ['id', 'name', 'name_prefix'],
    existing: (v) => ({ id: `${str(v.user)}:${str(v.name)}`, name_prefix: '' }),
  },
  aws_iam_group: {
    defaults: { path: '/' },
    computed: ['arn', 'id', 'unique_id'],
    existing: (v, ctx) => ({ arn: `arn:aws:iam::${ctx.accountId}:group/${str(v.name)}`, id: str(v.name), unique_id: `AGPA${hex(`group:${str(v.name)}`, 17).toUpperCase()}` }),
  },
  aws_iam_group_policy: {
    defaults: {},
    computed: ['id', 'name', 'name_prefix'],
    existing: (v) => ({ id: `${str(v.group)}:${str(v.name)}`, name_prefix: '' }),
  },
  aws_opensearch_domain: searchDomain('es'),
  aws_elasticsearch_domain: searchDomain('es'),
  aws_ebs_volume: {
    defaults: { final_snapshot: false, multi_attach_enabled: null, outpost_arn: null, tags: null, timeouts: null },
    computed: ['arn', 'encrypted', 'id', 'iops', 'kms_key_id', 'snapshot_id', 'tags_all', 'throughput', 'type'],
    existing: (v, ctx) => {
      const id = `vol-0${hex(`vol:${str(v.availability_zone)}:${JSON.stringify(v.tags)}`, 16)}`;
      return { arn: arn(ctx, 'ec2', `volume/${id}`), encrypted: false, id, iops: 3000, kms_key_id: '', snapshot_id: '', tags_all: tagsAll(v), throughput: 125, type: 'gp3' };
    },
  },
  aws_db_instance: {
    defaults: {
      allow_major_version_upgrade: null, apply_immediately: false, auto_minor_version_upgrade: true, blue_green_update: [],
      copy_tags_to_snapshot: false, custom_iam_instance_profile: null, customer_owned_ip_enabled: null, delete_automated_backups: true,
      deletion_protection: null, domain: null, domain_iam_role_name: null, enabled_cloudwatch_logs_exports: null,
      final_snapshot_identifier: null, iam_database_authentication_enabled: null, manage_master_user_password: null,
      max_allocated_storage: null, monitoring_interval: 0, password: null, performance_insights_enabled: false,
      publicly_accessible: false, replicate_source_db: null, restore_to_point_in_time: [], s3_import: [], skip_final_snapshot: false,
      snapshot_identifier: null, storage_encrypted: false, tags: null, timeouts: null,
    },
    computed: [
      'address', 'arn', 'availability_zone', 'backup_retention_period', 'backup_window', 'ca_cert_identifier', 'character_set_name',
      'db_name', 'db_subnet_group_name', 'endpoint', 'engine_version_actual', 'hosted_zone_id', 'id', 'identifier_prefix', 'iops',
      'kms_key_id', 'latest_restorable_time', 'license_model', 'listener_endpoint', 'maintenance_window', 'master_user_secret',
      'monitoring_role_arn', 'multi_az', 'nchar_character_set_name', 'network_type', 'option_group_name', 'parameter_group_name',
      'performance_insights_kms_key_id', 'performance_insights_retention_period', 'port', 'replicas', 'resource_id', 'status',
      'storage_throughput', 'storage_type', 'tags_all', 'timezone', 'vpc_security_group_ids',
    ],
    sensitive: ['password'],
    existing: (v, ctx) => {
      const id = str(v.identifier);
      const host = `${id}.c${hex(`rds:${ctx.accountId}`, 11)}.${ctx.region}.rds.amazonaws.com`;
      return {
        address: host, arn: arn(ctx, 'rds', `db:${id}`), availability_zone: `${ctx.region}a`, backup_retention_period: 7,
        backup_window: '02:00-02:30', ca_cert_identifier: 'rds-ca-rsa2048-g1', character_set_name: '', db_name: '',
        db_subnet_group_name: 'default', endpoint: `${host}:5432`, engine_version_actual: str(v.engine_version), hosted_zone_id: 'Z1RLNUO7B9Q6NB',
        id: `db-${hex(`db:${id}`, 26).toUpperCase()}`, identifier_prefix: '', iops: 0, kms_key_id: '', latest_restorable_time: '2025-03-14T09:20:00Z',
        license_model: 'postgresql-license', listener_endpoint: [], maintenance_window: 'sun:03:00-sun:03:30', master_user_secret: [],
        monitoring_role_arn: '', multi_az: false, nchar_character_set_name: '', network_type: 'IPV4', option_group_name: 'default:postgres-16',
        parameter_group_name: 'default.postgres16', performance_insights_kms_key_id: '', performance_insights_retention_period: 0,
        port: 5432, replicas: [], resource_id: `db-${hex(`db:${id}`, 26).toUpperCase()}`, status: 'available', storage_throughput: 0,
        storage_type: 'gp3', tags_all: tagsAll(v), timezone: '', vpc_security_group_ids: [],
      };
    },
  },
  aws_rds_cluster: {
    defaults: {
      allow_major_version_upgrade: null, apply_immediately: null, backtrack_window: null, copy_tags_to_snapshot: false,
      deletion_protection: null, enable_http_endpoint: false, enabled_cloudwatch_logs_exports: null, final_snapshot_identifier: null,
      global_cluster_identifier: null, iam_database_authentication_enabled: null, manage_master_user_password: null,
      master_password: null, replication_source_identifier: null, restore_to_point_in_time: [], s3_import: [],
      scaling_configuration: [], serverlessv2_scaling_configuration: [], skip_final_snapshot: false, snapshot_identifier: null,
      tags: null, timeouts: null,
    },
    computed: [
      'arn', 'availability_zones', 'backup_retention_period', 'cluster_identifier_prefix', 'cluster_members', 'cluster_resource_id',
      'database_name', 'db_cluster_parameter_group_name', 'db_subnet_group_name', 'endpoint', 'engine_mode', 'engine_version_actual',
      'hosted_zone_id', 'id', 'kms_key_id', 'master_user_secret', 'network_type', 'port', 'preferred_backup_window',
      'preferred_maintenance_window', 'reader_endpoint', 'storage_encrypted', 'storage_type', 'tags_all', 'vpc_security_group_ids',
    ],
    sensitive: ['master_password'],
    existing: () => {
      throw new Error('clusters in the library examples are always new');
    },
  },
  aws_rds_cluster_instance: {
    defaults: {
      apply_immediately: null, auto_minor_version_upgrade: true, copy_tags_to_snapshot: false, custom_iam_instance_profile: null,
      monitoring_interval: 0, performance_insights_enabled: null, promotion_tier: 0, publicly_accessible: false, tags: null, timeouts: null,
    },
    computed: [
      'arn', 'availability_zone', 'ca_cert_identifier', 'db_parameter_group_name', 'db_subnet_group_name', 'dbi_resource_id',
      'endpoint', 'engine_version_actual', 'id', 'identifier', 'identifier_prefix', 'kms_key_id', 'monitoring_role_arn',
      'network_type', 'performance_insights_kms_key_id', 'performance_insights_retention_period', 'port',
      'preferred_backup_window', 'preferred_maintenance_window', 'storage_encrypted', 'tags_all', 'writer',
    ],
    existing: () => {
      throw new Error('cluster instances in the library examples are always new');
    },
  },
  aws_cloudwatch_log_group: {
    defaults: { kms_key_id: null, log_group_class: 'STANDARD', name_prefix: null, retention_in_days: 0, skip_destroy: false, tags: null },
    computed: ['arn', 'id', 'tags_all'],
    existing: (v, ctx) => ({ arn: arn(ctx, 'logs', `log-group:${str(v.name)}`), id: str(v.name), tags_all: tagsAll(v) }),
  },
  aws_sqs_queue: {
    defaults: {
      content_based_deduplication: false, delay_seconds: 0, fifo_queue: false, kms_master_key_id: null, max_message_size: 262144,
      message_retention_seconds: 345600,
      receive_wait_time_seconds: 0, tags: null, timeouts: null, visibility_timeout_seconds: 30,
    },
    computed: [
      'arn', 'deduplication_scope', 'fifo_throughput_limit', 'id', 'kms_data_key_reuse_period_seconds',
      'name_prefix', 'policy', 'redrive_allow_policy', 'redrive_policy', 'sqs_managed_sse_enabled', 'tags_all', 'url',
    ],
    existing: (v, ctx) => ({
      arn: arn(ctx, 'sqs', str(v.name)), deduplication_scope: '', fifo_throughput_limit: '',
      id: `https://sqs.${ctx.region}.amazonaws.com/${ctx.accountId}/${str(v.name)}`, kms_data_key_reuse_period_seconds: 300,
      name_prefix: '', policy: '', redrive_allow_policy: '', redrive_policy: '', sqs_managed_sse_enabled: true,
      tags_all: tagsAll(v), url: `https://sqs.${ctx.region}.amazonaws.com/${ctx.accountId}/${str(v.name)}`,
    }),
  },
  aws_dynamodb_table: {
    defaults: {
      billing_mode: 'PROVISIONED', deletion_protection_enabled: null, global_secondary_index: [], import_table: [], local_secondary_index: [],
      range_key: null, replica: [], restore_date_time: null, restore_source_name: null, restore_to_latest_time: null,
      stream_enabled: null, table_class: 'STANDARD', tags: null, timeouts: null, ttl: [],
    },
    computed: [
      'arn', 'id', 'point_in_time_recovery', 'read_capacity', 'server_side_encryption', 'stream_arn', 'stream_label',
      'stream_view_type', 'tags_all', 'write_capacity',
    ],
    existing: (v, ctx) => ({
      arn: arn(ctx, 'dynamodb', `table/${str(v.name)}`), id: str(v.name), point_in_time_recovery: [{ enabled: false }], read_capacity: 0,
      server_side_encryption: [], stream_arn: '', stream_label: '', stream_view_type: '', tags_all: tagsAll(v), write_capacity: 0,
    }),
  },
  aws_ecr_repository: {
    defaults: { encryption_configuration: [], force_delete: null, image_scanning_configuration: [], image_tag_mutability: 'MUTABLE', tags: null, timeouts: null },
    computed: ['arn', 'id', 'registry_id', 'repository_url', 'tags_all'],
    existing: (v, ctx) => ({
      arn: arn(ctx, 'ecr', `repository/${str(v.name)}`), id: str(v.name), registry_id: ctx.accountId,
      repository_url: `${ctx.accountId}.dkr.ecr.${ctx.region}.amazonaws.com/${str(v.name)}`, tags_all: tagsAll(v),
    }),
  },
  aws_eks_cluster: {
    defaults: {
      access_config: [], bootstrap_self_managed_addons: true, enabled_cluster_log_types: null, encryption_config: [],
      outpost_config: [], remote_network_config: [], tags: null, timeouts: null, upgrade_policy: [], zonal_shift_config: [],
    },
    computed: [
      'arn', 'certificate_authority', 'cluster_id', 'created_at', 'endpoint', 'id', 'identity', 'kubernetes_network_config',
      'platform_version', 'status', 'tags_all', 'version',
    ],
    blocks: { vpc_config: { endpoint_private_access: false, endpoint_public_access: true, security_group_ids: null } },
    blockComputed: { vpc_config: { cluster_security_group_id: 'sg-0c1a2b3c4d5e6f708', public_access_cidrs: ['0.0.0.0/0'], vpc_id: 'vpc-0a1b2c3d4e5f60718' } },
    existing: () => {
      throw new Error('EKS clusters in the library examples are always new');
    },
  },
  aws_vpc: {
    defaults: {
      assign_generated_ipv6_cidr_block: null, enable_dns_support: true, enable_network_address_usage_metrics: null, instance_tenancy: 'default',
      ipv4_ipam_pool_id: null, ipv4_netmask_length: null, ipv6_ipam_pool_id: null, ipv6_netmask_length: null, tags: null,
    },
    computed: [
      'arn', 'default_network_acl_id', 'default_route_table_id', 'default_security_group_id', 'dhcp_options_id', 'enable_dns_hostnames',
      'id', 'ipv6_association_id', 'ipv6_cidr_block', 'ipv6_cidr_block_network_border_group', 'main_route_table_id', 'owner_id', 'tags_all',
    ],
    existing: (v, ctx) => {
      const id = `vpc-0${hex(`vpc:${str(v.cidr_block)}`, 16)}`;
      return {
        arn: arn(ctx, 'ec2', `vpc/${id}`), default_network_acl_id: `acl-0${hex(`acl:${id}`, 16)}`, default_route_table_id: `rtb-0${hex(`rtb:${id}`, 16)}`,
        default_security_group_id: `sg-0${hex(`sg:${id}`, 16)}`, dhcp_options_id: `dopt-0${hex(`dopt:${id}`, 16)}`, enable_dns_hostnames: false, id,
        ipv6_association_id: '', ipv6_cidr_block: '', ipv6_cidr_block_network_border_group: '', main_route_table_id: `rtb-0${hex(`rtb:${id}`, 16)}`,
        owner_id: ctx.accountId, tags_all: tagsAll(v),
      };
    },
  },
  aws_flow_log: {
    defaults: {
      deliver_cross_account_role: null, destination_options: [], eni_id: null, iam_role_arn: null, log_destination_type: 'cloud-watch-logs',
      max_aggregation_interval: 600, subnet_id: null, tags: null, traffic_type: null, transit_gateway_attachment_id: null,
      transit_gateway_id: null, vpc_id: null,
    },
    computed: ['arn', 'id', 'log_destination', 'log_format', 'log_group_name', 'tags_all'],
    existing: () => {
      throw new Error('flow logs in the library examples are always new');
    },
  },
  aws_instance: {
    defaults: {
      get_password_data: false, hibernation: null, launch_template: [], source_dest_check: true, tags: null, timeouts: null,
      user_data_replace_on_change: false, volume_tags: null,
    },
    computed: [
      'arn', 'associate_public_ip_address', 'availability_zone', 'capacity_reservation_specification', 'cpu_core_count',
      'cpu_options', 'cpu_threads_per_core', 'credit_specification', 'disable_api_stop', 'disable_api_termination',
      'ebs_block_device', 'ebs_optimized', 'enclave_options', 'ephemeral_block_device', 'host_id', 'host_resource_group_arn',
      'iam_instance_profile', 'id', 'instance_initiated_shutdown_behavior', 'instance_lifecycle', 'instance_state', 'ipv6_address_count',
      'ipv6_addresses', 'key_name', 'maintenance_options', 'metadata_options', 'monitoring', 'network_interface', 'outpost_arn',
      'password_data', 'placement_group', 'placement_partition_number', 'primary_network_interface_id', 'private_dns',
      'private_dns_name_options', 'private_ip', 'public_dns', 'public_ip', 'root_block_device', 'secondary_private_ips',
      'security_groups', 'spot_instance_request_id', 'subnet_id', 'tags_all', 'tenancy', 'user_data', 'user_data_base64',
      'vpc_security_group_ids',
    ],
    blocks: { metadata_options: { http_endpoint: 'enabled', http_protocol_ipv6: 'disabled', instance_metadata_tags: 'disabled' } },
    blockComputed: { metadata_options: { http_put_response_hop_limit: 1, http_tokens: 'optional' } },
    existing: () => {
      throw new Error('instances in the library examples are always new');
    },
  },
};
