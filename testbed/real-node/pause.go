// The sandbox ("pause") container of the real node's pods. containerd needs an image under the
// name of its sandbox_image, and none can be pulled here, so the testbed builds this one: it
// sleeps until SIGINT/SIGTERM and reaps any orphan it inherits as a PID namespace's init.
// Build: CGO_ENABLED=0 go build -o pause pause.go (a static binary; the image holds nothing else).
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	children := make(chan os.Signal, 1)
	signal.Notify(children, syscall.SIGCHLD)
	for {
		select {
		case <-stop:
			os.Exit(0)
		case <-children:
			for {
				pid, err := syscall.Wait4(-1, nil, syscall.WNOHANG, nil)
				if pid <= 0 || err != nil {
					break
				}
			}
		}
	}
}
