import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';

/** The function's one Logger; Powertools reads the service name and level from env. */
export const logger = new Logger();

/** Adds the Lambda context (request id, cold start) to every log line. */
export const loggerMiddleware = () => injectLambdaContext(logger);
