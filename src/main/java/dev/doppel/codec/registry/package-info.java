/**
 * A client for the Confluent Schema Registry REST API ({@link dev.doppel.codec.registry.SchemaRegistryClient}),
 * written against the documented wire protocol so that it works the same with Confluent, Apicurio's
 * ccompat API, Karapace and Redpanda.
 */
package dev.doppel.codec.registry;
