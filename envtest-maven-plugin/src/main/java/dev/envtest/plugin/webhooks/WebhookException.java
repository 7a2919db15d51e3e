package dev.envtest.plugin.webhooks;

/** A bad webhook input, or a webhook server that did not become ready; the message names the cause and the fix. */
public class WebhookException extends RuntimeException {

    public WebhookException(String message) {
        super(message);
    }

    public WebhookException(String message, Throwable cause) {
        super(message, cause);
    }
}
