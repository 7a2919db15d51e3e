module envtest.dev/bench/prober

go 1.21
