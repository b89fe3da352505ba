// Command mockcallfire runs the mock CallFire on a loopback address for the demo and for
// manual testing of the provider.
//
//	go run ./internal/mockcallfire/cmd/mockcallfire -listen 127.0.0.1:8089 -url-file /tmp/cf.url
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"syscall"
	"time"

	"github.com/callfire/terraform-provider-callfire/internal/mockcallfire"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "mockcallfire:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("mockcallfire", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:0", "loopback address to listen on (port 0 picks one)")
	// Fixed defaults keep the demo's instructions copy-pasteable; the mock holds no data
	// worth protecting and only ever listens on loopback.
	username := fs.String("username", "demo-user", "API username the mock accepts")
	password := fs.String("password", "demo-password", "API password the mock accepts")
	latency := fs.Duration("latency", 0, "delay added to every request, e.g. 50ms")
	echoSecret := fs.Bool("echo-secret", false, "return webhook secrets on GET (CallFire does not)")
	urlFile := fs.String("url-file", "", "write the root URL to this file once listening")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if err := checkLoopback(*listen); err != nil {
		return err
	}

	srv := mockcallfire.New(mockcallfire.Options{
		Username:   *username,
		Password:   *password,
		EchoSecret: *echoSecret,
		Latency:    *latency,
	})
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", *listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *listen, err)
	}
	root := "http://" + ln.Addr().String()
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()

	printBanner(out, root, *username, *password)
	if *urlFile != "" {
		if err := writeFileAtomically(*urlFile, root+"\n"); err != nil {
			_ = hs.Close()
			return fmt.Errorf("write the URL file: %w", err)
		}
	}

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	printSummary(out, srv)
	return nil
}

// checkLoopback refuses anything but a loopback address: the mock accepts fixed demo
// credentials and must not be reachable from other machines.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("-listen %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("-listen %q is not a loopback address; use 127.0.0.1:PORT, "+
			"[::1]:PORT or localhost:PORT (the mock must not be reachable from other hosts)",
			addr)
	}
	return nil
}

// writeFileAtomically renames a finished temporary file into place, so a script polling
// for the file never reads half a URL.
func writeFileAtomically(path, content string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".mockcallfire-url-*")
	if err != nil {
		return err
	}
	if _, err := tmp.WriteString(content); err != nil {
		_ = tmp.Close()
		_ = os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		_ = os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func printBanner(out io.Writer, root, username, password string) {
	v2 := root + mockcallfire.V2Prefix
	v1 := root + mockcallfire.V1Prefix
	fmt.Fprintf(out, `Mock CallFire is listening.

  API v2 (webhooks):        %s
  API v1.1 (subscriptions): %s
  Username:                 %s
  Password:                 %s
  Admin:                    %s/_mock/stats  %s/_mock/store

To point the provider at it, eval these lines:
export CALLFIRE_V2_BASE_URL=%s
export CALLFIRE_V1_BASE_URL=%s
export CALLFIRE_USERNAME=%s
export CALLFIRE_PASSWORD=%s

Press Ctrl-C to stop.
`, v2, v1, username, password, root, root, v2, v1, shellQuote(username), shellQuote(password))
}

// shellQuote makes a credential safe to eval whatever characters it holds.
func shellQuote(s string) string {
	out := []byte{'\''}
	for i := 0; i < len(s); i++ {
		if s[i] == '\'' {
			out = append(out, `'\''`...)
			continue
		}
		out = append(out, s[i])
	}
	return string(append(out, '\''))
}

func printSummary(out io.Writer, srv *mockcallfire.Server) {
	stats := srv.Stats()
	routes := make([]string, 0, len(stats))
	total := 0
	for route, n := range stats {
		routes = append(routes, route)
		total += n
	}
	sort.Strings(routes)
	fmt.Fprintf(out, "\nMock CallFire stopped after serving %d requests.\n", total)
	for _, route := range routes {
		fmt.Fprintf(out, "  %6d  %s\n", stats[route], route)
	}
	fmt.Fprintf(out, "Stored at exit: %d webhooks, %d subscriptions.\n",
		len(srv.Webhooks()), len(srv.Subscriptions()))
}
