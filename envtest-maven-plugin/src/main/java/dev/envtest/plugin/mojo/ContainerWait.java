package dev.envtest.plugin.mojo;

import java.util.ArrayList;
import java.util.List;

/**
 * When a container counts as ready; one kind at most (none: as soon as it runs):
 * <pre>{@code
 * <wait><http><port>8081</port><path>/readyz</path><status>200</status></http></wait>   <!-- short: <http>8081/readyz</http> -->
 * <wait><log>database system is ready</log><logTimes>2</logTimes></wait>               <!-- a regular expression -->
 * <wait><tcp>5432</tcp></wait>
 * <wait><healthcheck>true</healthcheck></wait>                                          <!-- the image's HEALTHCHECK -->
 * <wait><exec><arg>pg_isready</arg><arg>-h</arg><arg>127.0.0.1</arg></exec></wait>     <!-- exits 0 in the container -->
 * }</pre>
 * plus {@code <timeout>} in seconds (default 60). HTTP and TCP waits go through the published port from this
 * machine (the port is published even when not listed in {@code ports}).
 */
public class ContainerWait {

    private ContainerHttpWait http;
    private String log;
    private Integer logTimes;
    private Integer tcp;
    private Boolean healthcheck;
    private List<String> exec = new ArrayList<>();
    private Integer timeout;

    public ContainerHttpWait getHttp() {
        return http;
    }

    public String getLog() {
        return log;
    }

    public Integer getLogTimes() {
        return logTimes;
    }

    public Integer getTcp() {
        return tcp;
    }

    public Boolean getHealthcheck() {
        return healthcheck;
    }

    public List<String> getExec() {
        return exec;
    }

    public Integer getTimeout() {
        return timeout;
    }
}
