/**
 * Certificates and keys for the control plane: the CA, the serving certificate with its names, client
 * certificates, the ServiceAccount signing key, written as PEM files (keys 0600).
 *
 * <p>Imports nothing of the plugin; the only package that uses BouncyCastle.
 */
package dev.envtest.plugin.pki;
