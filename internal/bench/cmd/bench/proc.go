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
	// cpuTicks is the last CPU time read of each provider process.
	cpuTicks map[int]int64
	stop     chan struct{}
	done     chan struct{}
}

func watchRSS(tfPID int, prefix string, period time.Duration) *rssWatcher {
	w := &rssWatcher{
		tfPID: tfPID, prefix: prefix, period: period,
		seen: map[int]bool{}, cpuTicks: map[int]int64{}, stop: make(chan struct{}), done: make(chan struct{}),
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
		kib, ok := vmHWM(pid)
		if !ok {
			continue
		}
		ticks, _ := cpuTicks(pid)
		w.mu.Lock()
		w.peakKiB = max(w.peakKiB, kib)
		w.seen[pid] = true
		w.cpuTicks[pid] = max(w.cpuTicks[pid], ticks)
		w.mu.Unlock()
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

// Stop ends the polling and returns the peak in bytes, how many provider processes were
// seen (0 means the phase started none, or they all lived shorter than one period) and
// their CPU time as last read, which misses at most one period of each.
func (w *rssWatcher) Stop() (peakBytes int64, processes int, cpu time.Duration) {
	close(w.stop)
	<-w.done
	w.mu.Lock()
	defer w.mu.Unlock()
	var ticks int64
	for _, t := range w.cpuTicks {
		ticks += t
	}
	return w.peakKiB * 1024, len(w.seen), ticksToDuration(ticks)
}

// clockTicks is USER_HZ, which Linux fixes at 100 for /proc on every architecture Go runs.
const clockTicks = 100

func ticksToDuration(t int64) time.Duration { return time.Duration(t) * time.Second / clockTicks }

// cpuTicks reads utime+stime of a process from /proc/<pid>/stat.
func cpuTicks(pid int) (int64, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, false
	}
	// The command name (field 2) may hold spaces; the fields after its ')' are fixed.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(string(b[i+1:]))
	// f[0] is field 3 (state), so utime (field 14) and stime (15) are f[11] and f[12].
	if len(f) < 13 {
		return 0, false
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	s, err2 := strconv.ParseInt(f[12], 10, 64)
	return u + s, err1 == nil && err2 == nil
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
