package io.mediakeep.bench.arms;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.main.Main;
import org.apache.camel.model.dataformat.JsonLibrary;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The framework peer: the job as a typical Apache Camel user writes it, one camel-main route kafka
 * → http → aws2-s3 → sql → kafka, with Camel's defaults left as they are. So: one Kafka consumer,
 * records processed one at a time on its thread; Kafka's auto commit every 5 s; the default error
 * handler (no redelivery: a failed event is logged and the consumer moves on); {@code toD} for the
 * download, which makes an endpoint per distinct URL (cached up to 1000); the response read into
 * memory; the S3 client the component builds; a Kafka producer that waits for each send's
 * acknowledgement; and the shutdown camel-main does on SIGTERM. The component finds the database as
 * a plain pgjdbc {@link PGSimpleDataSource} bound in the registry, with no pool, so each insert
 * opens its own connection; the insert is a plain INSERT, since every input is unique.
 */
public final class CamelPeer {

  private CamelPeer() {}

  public static void main(String[] args) throws Exception {
    ArmSettings settings = ArmSettings.fromEnv(System.getenv());
    Main main = new Main();
    main.bind("dataSource", dataSource(settings));
    main.configure().addRoutesBuilder(new MediaRoute(settings));
    main.run(args);
  }

  private static PGSimpleDataSource dataSource(ArmSettings settings) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(settings.dbUrl());
    dataSource.setUser(settings.dbUser());
    dataSource.setPassword(settings.dbPassword());
    return dataSource;
  }

  /** The route, written as Camel's documentation writes routes. */
  static final class MediaRoute extends RouteBuilder {

    private static final String INSERT =
        "INSERT INTO assets (id, owner_id, project_id, scene_id, version, media_type, retention,"
            + " bucket, object_key, content_type, size_bytes, sha256, source_url, source_event_id)"
            + " VALUES (gen_random_uuid(), CAST(:#ownerId AS uuid), CAST(:#projectId AS uuid),"
            + " :#sceneId, :#version, 'image', 'project', :#bucket, :#objectKey, :#contentType,"
            + " :#sizeBytes, :#sha256, :#sourceUrl, :#eventId)";

    private final ArmSettings settings;

    MediaRoute(ArmSettings settings) {
      this.settings = settings;
    }

    @Override
    public void configure() {
      from("kafka:"
              + settings.inputTopic()
              + "?brokers="
              + settings.kafkaBootstrap()
              + "&groupId="
              + settings.group()
              + "&autoOffsetReset=earliest")
          .routeId("media-generated")
          .setHeader("eventId", header("ce_id").convertToString())
          .unmarshal()
          .json(JsonLibrary.Jackson, Map.class)
          .setHeader("ownerId", simple("${body[ownerId]}"))
          .setHeader("projectId", simple("${body[projectId]}"))
          .setHeader("sceneId", simple("${body[sceneId]}"))
          .setHeader("version", simple("${body[version]}"))
          .setHeader("sourceUrl", simple("${body[sourceUrl]}"))
          .setHeader(
              "objectKey",
              simple(
                  "${header.ownerId}/${header.projectId}/${header.sceneId}/v${header.version}.png"))
          .setHeader("bucket", constant(settings.bucket()))
          // The body is still the parsed event, which camel-http would otherwise POST.
          .setHeader(Exchange.HTTP_METHOD, constant("GET"))
          .toD("${header.sourceUrl}")
          .convertBodyTo(byte[].class)
          .process(CamelPeer::digest)
          .setHeader("contentType", header(Exchange.CONTENT_TYPE))
          .setHeader(AWS2S3Constants.KEY, header("objectKey"))
          .setHeader(AWS2S3Constants.CONTENT_TYPE, header("contentType"))
          .to(
              "aws2-s3:"
                  + settings.bucket()
                  + "?accessKey=RAW("
                  + settings.s3AccessKey()
                  + ")&secretKey=RAW("
                  + settings.s3SecretKey()
                  + ")&region=us-east-1&forcePathStyle=true&overrideEndpoint=true"
                  + "&uriEndpointOverride="
                  + settings.s3Endpoint())
          .to("sql:" + INSERT + "?dataSource=#dataSource")
          .process(CamelPeer::outcome)
          .marshal()
          .json(JsonLibrary.Jackson)
          .setHeader(KafkaConstants.KEY, header("projectId"))
          .to("kafka:" + settings.outputTopic() + "?brokers=" + settings.kafkaBootstrap());
    }
  }

  private static void digest(Exchange exchange) throws Exception {
    byte[] body = exchange.getMessage().getBody(byte[].class);
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
    exchange.getMessage().setHeader("sha256", HexFormat.of().formatHex(hash));
    exchange.getMessage().setHeader("sizeBytes", (long) body.length);
  }

  private static void outcome(Exchange exchange) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String key : List.of("projectId", "sceneId", "version", "objectKey", "sha256")) {
      out.put(key, exchange.getMessage().getHeader(key));
    }
    exchange.getMessage().setBody(out);
  }
}
