/**
 * Certificates and keys for the control plane: the CA, the serving certificate with its names, client
 * certificates, the ServiceAccount signing key, written as PEM files (keys 0600).
 *
 * <p>Imports nothing of the plugin. Certificates are DER-encoded here and signed by the JDK (no certificate library:
 * loading one cost the API server's critical path a quarter to a full second).
 */
package dev.envtest.plugin.pki;
