// npm run bench:console: the admin console's part of the bench alone (its bundle and time to
// first render), against its own DynamoDB Local. Writes bench/console-results.json and the README's figures.
import { startDynamoDbLocal } from '../functions/local/dynamodb-local';
import { measureAdminConsole, writeConsoleFigures } from './admin-console';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const dynamo = await startDynamoDbLocal();
try {
  const figures = await measureAdminConsole(dynamo.endpoint, { loads: 10, quick: false });
  console.log(
    JSON.stringify({ firstLoad: figures.firstLoad, onDemand: figures.onDemand, render: figures.render }, null, 2),
  );
  console.log(`wrote ${(await writeConsoleFigures(figures)).join(', ')}`);
} finally {
  await dynamo.stop();
}
