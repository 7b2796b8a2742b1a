package io.mediakeep.contracts;

/** Kafka header names and fixed values of CloudEvents 1.0 in Kafka binary mode. */
public final class CloudEventHeaders {
  public static final String SPEC_VERSION = "ce_specversion";
  public static final String ID = "ce_id";
  public static final String SOURCE = "ce_source";
  public static final String TYPE = "ce_type";
  public static final String TIME = "ce_time";
  public static final String SUBJECT = "ce_subject";
  public static final String CONTENT_TYPE = "content-type";

  /** Not used by binary mode, but some producers send it instead of content-type. */
  public static final String DATA_CONTENT_TYPE = "ce_datacontenttype";

  public static final String SPEC_VERSION_1_0 = "1.0";
  public static final String APPLICATION_JSON = "application/json";

  private CloudEventHeaders() {}
}
