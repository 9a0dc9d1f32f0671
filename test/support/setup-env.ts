import 'aws-sdk-client-mock-vitest/extend';

// Quiet the SDK's Node 20 deprecation notice and keep log lines off stdout in tests.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.LOG_LEVEL = 'SILENT';
