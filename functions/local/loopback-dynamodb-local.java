// Runs DynamoDB Local listening on one address only: DynamoDB Local binds every interface
// and has no option to change that, which would open the database to the network. Started
// by dynamodb-local.ts in Java's single-file source mode, with DynamoDB Local's own
// arguments after the address. Its start-up telemetry is not configured, so none is sent.
//
//   java -cp DynamoDBLocal.jar:DynamoDBLocal_lib/* loopback-dynamodb-local.java 127.0.0.1 -port 8000 -inMemory

import java.lang.reflect.Field;
import java.util.Arrays;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    String host = args[0];
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(Arrays.copyOfRange(args, 1, args.length));
    // The Jetty server is private to the proxy; its connector takes a host before it starts.
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server jetty = (Server) field.get(proxy);
    for (Connector connector : jetty.getConnectors()) ((ServerConnector) connector).setHost(host);
    proxy.start();
    System.out.println("DynamoDB Local listening on " + host);
  }
}
