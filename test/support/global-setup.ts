import type { TestProject } from 'vitest/node';
import { type LaunchedDynamoDbLocal, launchDynamoDbLocal } from '../../functions/local/dynamodb-local';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

let dynamo: LaunchedDynamoDbLocal | undefined;

/**
 * Starts one in-memory DynamoDB Local (AWS's engine) for every test file of the run, without
 * waiting for it: the files that need no database run while Java starts, and the others wait
 * in test/support/dynamo.ts until it answers.
 */
export async function setup(project: TestProject) {
  dynamo = await launchDynamoDbLocal({ shortLived: true });
  // A failed start is reported by every test that needs the database, with Java's output.
  dynamo.ready.catch(() => undefined);
  project.provide('dynamoEndpoint', dynamo.endpoint);
}

export async function teardown() {
  await dynamo?.stop();
}
