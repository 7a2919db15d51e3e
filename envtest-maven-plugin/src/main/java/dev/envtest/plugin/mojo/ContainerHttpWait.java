package dev.envtest.plugin.mojo;

/**
 * An HTTP wait: {@code <http><port>8081</port><path>/readyz</path><status>200</status></http>}, or short
 * {@code <http>8081/readyz</http>}. Path defaults to {@code /}, status to 200.
 */
public class ContainerHttpWait {

    private Integer port;
    private String path;
    private Integer status;

    /** The short form {@code port[/path]}; Maven calls this for a text value. */
    public void set(String shortForm) {
        String text = shortForm == null ? "" : shortForm.trim();
        int slash = text.indexOf('/');
        String p = slash < 0 ? text : text.substring(0, slash);
        try {
            port = Integer.valueOf(p.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("wait/http '" + shortForm + "' is not port[/path], e.g. 8081/readyz");
        }
        path = slash < 0 ? "/" : text.substring(slash);
    }

    public Integer getPort() {
        return port;
    }

    public String getPath() {
        return path;
    }

    public Integer getStatus() {
        return status;
    }
}
