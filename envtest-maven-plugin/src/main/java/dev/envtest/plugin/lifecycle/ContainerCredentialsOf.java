package dev.envtest.plugin.lifecycle;

import dev.envtest.plugin.containers.ContainerCredentials;
import dev.envtest.plugin.containers.CredentialsSource;
import dev.envtest.plugin.identities.ProvisionedIdentities;
import dev.envtest.plugin.identities.ServiceAccountCredentials;
import java.util.ArrayList;
import java.util.List;

/**
 * The hand-over from identities to containers: the provisioned ServiceAccounts as the plain files and values the
 * containers stage takes. It lives here because only the sequence knows both stages; neither imports the other.
 */
final class ContainerCredentialsOf {

    private ContainerCredentialsOf() {
    }

    static CredentialsSource identities(ProvisionedIdentities identities) {
        List<ContainerCredentials> list = new ArrayList<>();
        for (ServiceAccountCredentials c : identities.serviceAccounts()) {
            list.add(new ContainerCredentials(c.spec().namespace(), c.spec().name(), c.tokenFile(),
                    c.inClusterDirectory().resolve("ca.crt"), c.containerKubeconfig(), identities.endpoint().host(),
                    Integer.toString(identities.endpoint().port())));
        }
        return CredentialsSource.of(list);
    }
}
