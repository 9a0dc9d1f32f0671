import { join } from 'node:path';
import { AssetHashType, type CfnElement, DockerImage, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  Architecture,
  Code,
  Function as LambdaFunction,
  LoggingFormat,
  Runtime,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { TableDefinition } from '../functions/adapters/dynamodb/table-definitions';
import { EsbuildBundling, PROJECT_ROOT } from './bundling';

export interface LeadRouterFunctionProps {
  /** The entry module, relative to the project root, e.g. `functions/entry/ingest.ts`. */
  entry: string;
  description: string;
  memorySize?: number;
  timeout?: Duration;
  logRetention?: RetentionDays;
  /** X-Ray active tracing (off by default: at low volume it samples every request, about $5 a million). */
  tracing?: boolean;
  /**
   * Decode stack traces with the bundled source maps (`--enable-source-maps`). Off by default:
   * it adds tens of milliseconds to every cold start; the maps ship either way, to decode by hand.
   */
  sourceMapStackTraces?: boolean;
  /**
   * Puts more files beside the bundle (the docs function's console), given the bundle's
   * folder; runs only when the stack bundles.
   */
  afterBundling?: (outputDir: string) => void;
}

/** Where Powertools Metrics publish (the functions read these from their environment); alarms watch them there. */
export const METRICS_NAMESPACE = 'LeadRouter';
export const SERVICE_NAME = 'leadrouter';

/** DynamoDB actions a function may be granted on a table. */
export type TableAction =
  | 'GetItem'
  | 'BatchGetItem'
  | 'Query'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'BatchWriteItem'
  | 'ConditionCheckItem';

/**
 * Every leadrouter Lambda: Node.js 24 on ARM64, ESM, minified with source maps, the SDK
 * bundled, its own log group with a retention, X-Ray tracing when asked for, and a role that
 * starts with nothing but its log group. `bindTable` and friends set an environment variable and the
 * matching grant together, so the two cannot drift apart.
 */
export class LeadRouterFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: LeadRouterFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${props.description}`,
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    if (props.tracing) {
      Validations.of(this.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'Active tracing: X-Ray PutTraceSegments and PutTelemetryRecords accept no resource ARN',
      });
    }

    this.function = new LambdaFunction(this, 'Function', {
      // Bundled in this process with esbuild's API and the options the bundle tests and the
      // benchmark build with (lib/bundling.ts), the SDK included: a pinned, tree-shaken SDK
      // starts faster than the runtime's. The asset is named by the bundle's hash.
      code: Code.fromAsset(PROJECT_ROOT, {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          local: new EsbuildBundling(join(PROJECT_ROOT, props.entry), props.afterBundling),
          // Never pulled: the local bundling above always succeeds or throws.
          image: DockerImage.fromRegistry('esbuild-runs-locally'),
        },
      }),
      handler: 'index.handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      tracing: props.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      environment: {
        ...(props.sourceMapStackTraces ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
        SERVICE_NAME,
        METRICS_NAMESPACE,
        LOG_LEVEL: 'INFO',
      },
    });
  }

  /**
   * Gives the function a table's name (in the table's env var) and exactly these actions
   * on it; its indexes only when it may query. With `leadingKeys`, only on items whose
   * partition key is one of them (`dynamodb:LeadingKeys`).
   */
  bindTable(
    table: ITableV2,
    definition: TableDefinition,
    actions: readonly TableAction[],
    options: { leadingKeys?: readonly string[] } = {},
  ): this {
    this.function.addEnvironment(definition.envVar, table.tableName);
    const queriesIndexes = actions.includes('Query') && definition.globalIndexes.length > 0;
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: actions.map((action) => `dynamodb:${action}`),
        resources: [table.tableArn, ...(queriesIndexes ? [`${table.tableArn}/index/*`] : [])],
        ...(options.leadingKeys
          ? { conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [...options.leadingKeys] } } }
          : {}),
      }),
    );
    if (queriesIndexes) {
      const logicalId = Stack.of(table).getLogicalId(table.node.defaultChild as CfnElement);
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/index/*]`,
        reason: `Listing leads may use any index of the ${definition.envVar} table; each index is named in the table definitions`,
      });
    }
    return this;
  }

  /** Lets the function send to a queue whose URL it finds in `envVar`. */
  bindQueueSender(queue: IQueue, envVar: string): this {
    this.function.addEnvironment(envVar, queue.queueUrl);
    queue.grantSendMessages(this.role);
    return this;
  }

  /** Lets the function read a secret whose ARN it finds in `envVar`. */
  bindSecretReader(secret: ISecret, envVar: string): this {
    this.function.addEnvironment(envVar, secret.secretArn);
    secret.grantRead(this.role);
    return this;
  }

  /**
   * Lets the function use a KMS key whose ARN it finds in `envVar`: to unwrap data keys
   * (`open`), and to generate them too (`seal`).
   */
  bindKey(key: IKey, envVar: string, use: 'open' | 'seal'): this {
    this.function.addEnvironment(envVar, key.keyArn);
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: use === 'seal' ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'],
        resources: [key.keyArn],
      }),
    );
    return this;
  }

  /** Lets the function publish to a topic whose ARN it finds in `envVar`. */
  bindTopicPublisher(topic: ITopic, envVar: string): this {
    this.function.addEnvironment(envVar, topic.topicArn);
    topic.grantPublish(this.role);
    return this;
  }
}
