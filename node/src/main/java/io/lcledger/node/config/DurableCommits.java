package io.lcledger.node.config;

import javax.sql.DataSource;

/**
 * Makes the node's commits survive the process being killed, before anything outside its database
 * relies on them: a step submitted to the ledger under a claimed idempotency key, a prepared
 * transaction, a notification published, a subscription acknowledged, a file removed once its
 * content was moved into the database. The embedded database writes commits to its file in batches,
 * a few milliseconds later (one write for many commits, as the ledger's blocks do), so those few
 * callers ask for the write; PostgreSQL's commits are durable when they return.
 */
public interface DurableCommits {
  /** Returns once every transaction this node committed so far would survive a kill -9. */
  void flush();

  /** The durability of {@code dataSource}'s commits, embedded H2 or PostgreSQL. */
  static DurableCommits of(DataSource dataSource) {
    return new EmbeddedStore(dataSource);
  }
}
