// Starts controller-runtime's envtest (etcd + kube-apiserver from the binaries in KUBEBUILDER_ASSETS) and prints
// how long Environment.Start() took and, separately, until the API server's /readyz answered 200 with the admin
// credentials envtest made; then stops it. Used by .ci/bench/side-by-side.sh.
package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"k8s.io/client-go/rest"
	"sigs.k8s.io/controller-runtime/pkg/envtest"
)

func main() {
	t0 := time.Now()
	env := &envtest.Environment{BinaryAssetsDirectory: os.Getenv("KUBEBUILDER_ASSETS")}
	cfg, err := env.Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, "envtest start:", err)
		os.Exit(1)
	}
	started := time.Since(t0)
	if err := awaitReadyz(cfg); err != nil {
		fmt.Fprintln(os.Stderr, "readyz:", err)
		_ = env.Stop()
		os.Exit(1)
	}
	ready := time.Since(t0)
	t1 := time.Now()
	if err := env.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, "envtest stop:", err)
		os.Exit(1)
	}
	fmt.Printf("start %d ms, ready %d ms, stop %d ms\n", started.Milliseconds(), ready.Milliseconds(), time.Since(t1).Milliseconds())
}

func awaitReadyz(cfg *rest.Config) error {
	client, err := rest.HTTPClientFor(cfg)
	if err != nil {
		return err
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := client.Get(strings.TrimSuffix(cfg.Host, "/") + "/readyz")
		last := fmt.Sprint(err)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return nil
			}
			last = resp.Status
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no 200 from %s/readyz within 60 s (last: %s)", cfg.Host, last)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
