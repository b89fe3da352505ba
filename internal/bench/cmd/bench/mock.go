package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/callfire/terraform-provider-callfire/internal/mockcallfire"
)

// mock is one running mockcallfire command.
type mock struct {
	cmd      *exec.Cmd
	root     string
	username string
	password string
	latency  time.Duration
	http     *http.Client
	// exited receives the mock's exit once; Wait runs in its own goroutine from the start.
	exited chan error
}

// startMock runs the mock command on a random loopback port with fresh credentials and
// waits for it to write its URL.
func startMock(ctx context.Context, binary, dir, name string, latency time.Duration) (*mock, error) {
	m := &mock{
		username: "bench-user",
		password: randomHex(16),
		latency:  latency,
		http:     &http.Client{Timeout: 10 * time.Second},
	}
	urlFile := filepath.Join(dir, name+".url")
	log, err := os.Create(filepath.Join(dir, name+".log"))
	if err != nil {
		return nil, err
	}
	defer log.Close()
	// The mock lives until stop(), not until some context ends.
	m.cmd = exec.Command(binary, "-listen", "127.0.0.1:0", //nolint:noctx // see above
		"-username", m.username, "-password", m.password, "-latency", latency.String(),
		"-url-file", urlFile)
	m.cmd.Stdout, m.cmd.Stderr = log, log
	if err := m.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start the mock CallFire: %w", err)
	}
	m.exited = make(chan error, 1)
	go func() { m.exited <- m.cmd.Wait() }()

	deadline := time.NewTimer(30 * time.Second)
	defer deadline.Stop()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if b, err := os.ReadFile(urlFile); err == nil && len(b) > 0 {
			m.root = strings.TrimSpace(string(b))
			return m, nil
		}
		select {
		case err := <-m.exited:
			return nil, fmt.Errorf("the mock CallFire exited before listening (%w); see %s",
				err, log.Name())
		case <-deadline.C:
			_ = m.cmd.Process.Kill()
			return nil, fmt.Errorf("the mock CallFire did not write %s within 30s", urlFile)
		case <-ctx.Done():
			_ = m.cmd.Process.Kill()
			return nil, ctx.Err()
		case <-tick.C:
		}
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// stop asks the mock to shut down and gives it a moment before killing it.
func (m *mock) stop() {
	if m == nil || m.cmd == nil || m.cmd.Process == nil {
		return
	}
	_ = m.cmd.Process.Signal(syscall.SIGTERM)
	// Its exit status says nothing the log does not: a mock killed here exits non-zero.
	select {
	case err := <-m.exited:
		_ = err
	case <-time.After(5 * time.Second):
		_ = m.cmd.Process.Kill()
		err := <-m.exited
		_ = err
	}
}

// env points the provider at this mock.
func (m *mock) env() []string {
	return []string{
		"CALLFIRE_USERNAME=" + m.username,
		"CALLFIRE_PASSWORD=" + m.password,
		"CALLFIRE_V2_BASE_URL=" + m.root + mockcallfire.V2Prefix,
		"CALLFIRE_V1_BASE_URL=" + m.root + mockcallfire.V1Prefix,
	}
}

func (m *mock) admin(method, path string, out any) error {
	req, err := http.NewRequestWithContext(context.Background(), method, m.root+path, nil)
	if err != nil {
		return err
	}
	req.SetBasicAuth(m.username, m.password)
	resp, err := m.http.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s on the mock: %w", method, path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("%s %s on the mock: %w", method, path, err)
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s on the mock: HTTP %s: %.200s", method, path, resp.Status, body)
	}
	if out != nil {
		return json.Unmarshal(body, out)
	}
	return nil
}

func (m *mock) resetStats() error { return m.admin(http.MethodPost, "/_mock/reset-stats", nil) }

func (m *mock) stats() (map[string]int, error) {
	var s map[string]int
	err := m.admin(http.MethodGet, "/_mock/stats", &s)
	return s, err
}

// storeSize counts what the mock holds, to check that a destroy left nothing behind.
func (m *mock) storeSize() (webhooks, subscriptions int, err error) {
	var s struct {
		Webhooks      []json.RawMessage `json:"webhooks"`
		Subscriptions []json.RawMessage `json:"subscriptions"`
	}
	err = m.admin(http.MethodGet, "/_mock/store", &s)
	return len(s.Webhooks), len(s.Subscriptions), err
}
