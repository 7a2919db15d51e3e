/**
 * The webhooks stage: the run's webhook servers (containers declared as such, and webhooks the tests serve), checked
 * before anything starts, their serving certificates, the files a webhook container gets, the TLS-handshake readiness
 * check and {@code envtest.webhooks.*}. The rewrite of the configurations themselves lives in {@code identities}.
 *
 * <p>Imports {@code pki} (the certificates) and {@code session}; no Kubernetes or engine library.
 */
package dev.envtest.plugin.webhooks;
