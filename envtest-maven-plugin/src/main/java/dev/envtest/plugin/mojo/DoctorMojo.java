package dev.envtest.plugin.mojo;

import dev.envtest.plugin.containers.BuildSpec;
import dev.envtest.plugin.containers.ImageSpec;
import dev.envtest.plugin.containers.PullPolicy;
import dev.envtest.plugin.doctor.Diagnosis;
import dev.envtest.plugin.doctor.Doctor;
import dev.envtest.plugin.doctor.Finding;
import dev.envtest.plugin.doctor.ProbeRequest;
import dev.envtest.plugin.lifecycle.StartRequest;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.rtinfo.RuntimeInformation;

/**
 * Checks what {@code start} would find and choose on this machine, and changes nothing: the container engine (every
 * socket tried), the bind address and container host {@code auto} picks and why, whether that address and port can
 * be bound now, the binaries (version and source, or why none), the store and its locks, the Maven and Java versions;
 * with {@code envtest.doctor.image}, a throw-away container on a fresh network connecting back to a throw-away TLS
 * listener on that address. Fails when something would make {@code start} fail. {@code mvn envtest:doctor}
 */
@Mojo(name = "doctor", requiresProject = false, threadSafe = true)
public class DoctorMojo extends AbstractControlPlaneMojo {







    /**
     * An image to run once on a fresh network, connecting back to a throw-away TLS listener where the API server would
     * listen (pulled when missing). It gets what a Pod gets: {@code KUBERNETES_SERVICE_HOST}/{@code _PORT} and
     * {@code ca.crt}/{@code token} under {@code /var/run/secrets/kubernetes.io/serviceaccount}, plus
     * {@code ENVTEST_DOCTOR_URL} and {@code ENVTEST_DOCTOR_CA}. It must exit 0 after a TLS-verified request.
     */
    @Parameter(property = "envtest.doctor.image")
    private String doctorImage;

    /** Instead of an image reference: a directory with a Containerfile to build the probe image from. */
    @Parameter(property = "envtest.doctor.contextDirectory")
    private File doctorContextDirectory;

    /**
     * Arguments replacing the probe image's CMD; {@code ${envtest.doctor.url}}, {@code ${envtest.doctor.ca}},
     * {@code ${envtest.doctor.host}} and {@code ${envtest.doctor.port}} are replaced (write {@code $${…}} in a pom).
     */
    @Parameter(property = "envtest.doctor.args")
    private List<String> doctorArgs = new ArrayList<>();

    /** Seconds the probe container may take. */
    @Parameter(property = "envtest.doctor.timeout", defaultValue = "60")
    private int doctorTimeout;

    @Component
    private RuntimeInformation runtime;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("envtest:doctor skipped (envtest.skip)");
            return;
        }
        // without a pom (requiresProject=false) Maven leaves ${project.basedir} in the default as written
        Path work = workDirectory().getPath().contains("${") ? Path.of(System.getProperty("user.dir"), "target", "envtest")
                : workDirectory().toPath();
        StartRequest request = controlPlaneRequest(work)
                .build();
        Diagnosis diagnosis;
        try {
            diagnosis = new Doctor(reporter()).examine(request, probe(), "Maven " + runtime.getMavenVersion());
        } catch (RuntimeException e) {
            throw new MojoExecutionException("envtest doctor could not finish: " + e.getMessage(), e);
        }
        getLog().info("envtest doctor (changes nothing):");
        for (Finding f : diagnosis.findings()) {
            for (String line : f.render()) {
                switch (f.status()) {
                    case OK -> getLog().info(line);
                    case WARN -> getLog().warn(line);
                    case FAIL -> getLog().error(line);
                }
            }
        }
        if (diagnosis.failed()) {
            List<String> topics = diagnosis.failures().stream().map(Finding::topic).toList();
            throw new MojoFailureException("envtest doctor: " + topics.size() + " problem(s) that would make start fail: "
                    + String.join(", ", topics) + " (see the [FAIL] lines above for cause and fix)");
        }
        getLog().info("envtest doctor: start would work here");
    }

    private Optional<ProbeRequest> probe() throws MojoExecutionException {
        if (doctorTimeout <= 0) {
            throw new MojoExecutionException("envtest.doctor.timeout=" + doctorTimeout + " must be a positive number of seconds."
                    + " Fix: leave it out (60) or set a positive number.");
        }
        Optional<String> image = Optional.ofNullable(doctorImage).filter(s -> !s.isBlank()).map(String::trim);
        ImageSpec spec;
        if (doctorContextDirectory != null) {
            Path context = doctorContextDirectory.toPath().toAbsolutePath().normalize();
            spec = ImageSpec.build(new BuildSpec(context, context.resolve("Containerfile"), Map.of()), image);
        } else if (image.isPresent()) {
            spec = ImageSpec.pull(image.get(), PullPolicy.MISSING);
        } else {
            return Optional.empty();
        }
        return Optional.of(new ProbeRequest(spec, ParameterValues.nonBlank(doctorArgs), Duration.ofSeconds(doctorTimeout)));
    }
}
