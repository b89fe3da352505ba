package main

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func TestCheckLoopback(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:0":    true,
		"[::1]:8089":     true,
		"localhost:8089": true,
		":8089":          false,
		"0.0.0.0:8089":   false,
		"10.1.2.3:8089":  false,
		"example.com:80": false,
		"127.0.0.1":      false,
	} {
		if err := checkLoopback(addr); (err == nil) != ok {
			t.Errorf("checkLoopback(%q) = %v", addr, err)
		}
	}
}

func TestRefusesPublicAddress(t *testing.T) {
	var out bytes.Buffer
	err := run([]string{"-listen", "0.0.0.0:0"}, &out)
	if err == nil || !strings.Contains(err.Error(), "not a loopback address") {
		t.Fatalf("run with 0.0.0.0: %v", err)
	}
}

func TestShellQuote(t *testing.T) {
	if got := shellQuote(`it's`); got != `'it'\''s'` {
		t.Errorf("shellQuote = %s", got)
	}
}

// syncBuffer lets the test read the child's output while it is still being written.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestCommandServesAndStopsOnSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "mockcallfire")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}

	urlFile := filepath.Join(dir, "url")
	var stdout syncBuffer
	cmd := exec.Command(bin, "-url-file", urlFile, "-username", "alice", "-password", "pw")
	cmd.Stdout = &stdout
	cmd.Stderr = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			t.Logf("killed the leftover mock: %v", <-done)
		}
	})

	var root string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		if b, err := os.ReadFile(urlFile); err == nil {
			root = strings.TrimSpace(string(b))
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.HasPrefix(root, "http://127.0.0.1:") {
		t.Fatalf("url file holds %q; output:\n%s", root, stdout.String())
	}

	req, _ := http.NewRequest(http.MethodGet, root+"/v2/webhooks/resources", nil)
	req.SetBasicAuth("alice", "pw")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK ||
		!strings.Contains(string(body), "OutboundTextDeliveryReport") {
		t.Fatalf("status %d body %s", resp.StatusCode, body)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit: %v; output:\n%s", err, stdout.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("did not stop within 10s of SIGTERM")
	}
	out := stdout.String()
	for _, want := range []string{
		"export CALLFIRE_V2_BASE_URL=" + root + "/v2\n",
		"export CALLFIRE_V1_BASE_URL=" + root + "/api/1.1/rest\n",
		"export CALLFIRE_USERNAME='alice'",
		"stopped after serving 1 requests",
		"1  GET /v2/webhooks/resources",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
