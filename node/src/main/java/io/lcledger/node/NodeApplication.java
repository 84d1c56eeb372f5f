package io.lcledger.node;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** A bank branch's node: the REST adapter of its trade-services system onto the LC ledger. */
@SpringBootApplication
@EnableScheduling
@ConfigurationPropertiesScan
public class NodeApplication {
  public static void main(String[] args) {
    SpringApplication.run(NodeApplication.class, args);
  }
}
