import { docsHandlers } from '../http/handlers/docs-handlers';
import { createHttpFunction } from '../http/lambda-http';
import { httpOptions } from './http-options';

export const handler = createHttpFunction(docsHandlers(), httpOptions());
