// Command prober opens a new TCP connection to one address every 100 ms for a while and says how long each took:
// a connection whose handshake is lost (its SYN sent to a MAC address the bridge no longer has) takes a SYN
// retransmission (1 s) or more, up to the 3 s timeout. Used by bridge-churn.sh.
//
// Usage: prober <host:port> <seconds>
package main

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"time"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: prober <host:port> <seconds>")
		os.Exit(3)
	}
	secs, err := strconv.Atoi(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "seconds:", err)
		os.Exit(3)
	}
	start := time.Now()
	total, slow, failed, longest := 0, 0, 0, int64(0)
	for time.Since(start) < time.Duration(secs)*time.Second {
		t := time.Now()
		c, err := net.DialTimeout("tcp", os.Args[1], 3*time.Second)
		d := time.Since(t).Milliseconds()
		total++
		if d > longest {
			longest = d
		}
		if err != nil {
			failed++
			fmt.Printf("at %d: failed after %d ms: %v\n", t.UnixMilli(), d, err)
		} else {
			c.Close()
			if d >= 500 {
				slow++
				fmt.Printf("at %d: connected after %d ms\n", t.UnixMilli(), d)
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	fmt.Printf("summary connections=%d slow=%d failed=%d longest=%d\n", total, slow, failed, longest)
}
