package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// rssWatcher polls the children of a Terraform process and keeps the highest VmHWM (peak
// resident set) seen of any child whose executable name starts with prefix. VmHWM is the
// kernel's own high-water mark, so a poll only has to land before the child exits, not at
// the peak itself; the period bounds what can be missed to the last moments of a process.
type rssWatcher struct {
	tfPID  int
	prefix string
	period time.Duration

	mu      sync.Mutex
	peakKiB int64
	seen    map[int]bool
	stop    chan struct{}
	done    chan struct{}
}

func watchRSS(tfPID int, prefix string, period time.Duration) *rssWatcher {
	w := &rssWatcher{
		tfPID: tfPID, prefix: prefix, period: period,
		seen: map[int]bool{}, stop: make(chan struct{}), done: make(chan struct{}),
	}
	go w.loop()
	return w
}

func (w *rssWatcher) loop() {
	defer close(w.done)
	t := time.NewTicker(w.period)
	defer t.Stop()
	for {
		w.poll()
		select {
		case <-w.stop:
			return
		case <-t.C:
		}
	}
}

func (w *rssWatcher) poll() {
	for _, pid := range childPIDs(w.tfPID) {
		if !w.matches(pid) {
			continue
		}
		if kib, ok := vmHWM(pid); ok {
			w.mu.Lock()
			w.peakKiB = max(w.peakKiB, kib)
			w.seen[pid] = true
			w.mu.Unlock()
		}
	}
}

func (w *rssWatcher) matches(pid int) bool {
	w.mu.Lock()
	known := w.seen[pid]
	w.mu.Unlock()
	if known {
		return true
	}
	// /proc/<pid>/comm is cut to 15 bytes, too short to tell the two providers apart.
	cmdline, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	if err != nil {
		return false
	}
	exe, _, _ := bytes.Cut(cmdline, []byte{0})
	return strings.HasPrefix(filepath.Base(string(exe)), w.prefix)
}

// Stop ends the polling and returns the peak in bytes and how many provider processes were
// seen (0 means the phase started none, or they all lived shorter than one period).
func (w *rssWatcher) Stop() (peakBytes int64, processes int) {
	close(w.stop)
	<-w.done
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.peakKiB * 1024, len(w.seen)
}

// childPIDs lists the children of pid through /proc/<pid>/task/*/children, which holds the
// children started by each thread.
func childPIDs(pid int) []int {
	tasks, _ := filepath.Glob("/proc/" + strconv.Itoa(pid) + "/task/*/children")
	var out []int
	for _, f := range tasks {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, field := range strings.Fields(string(b)) {
			if n, err := strconv.Atoi(field); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}

func vmHWM(pid int) (int64, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, false
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			fields := strings.Fields(rest)
			if len(fields) == 0 {
				return 0, false
			}
			n, err := strconv.ParseInt(fields[0], 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}
