package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// kind is one thing measured: a resource type and, for CallFire, the mock it talks to.
type kind struct {
	name     string // as in -kinds, and in the results
	label    string // for the table
	resource string // Terraform resource type
	// provider is the prefix of the provider executable whose memory is watched; empty
	// for terraform_data, which Terraform serves itself.
	provider string
	slow     bool // talks to the mock with latency
	hcl      func(n int) string
}

var kindNames = []string{"floor", "wide", "data", "webhook", "subscription"}

// shapeKinds are measured only when -kinds names them: do-nothing resources shaped like
// parts of the webhook's schema, to show what the schema's shape costs in Terraform.
var shapeKinds = []string{"plain", "lean"}

const floorHeader = `terraform {
  required_providers {
    floor = { source = "callfire/floor" }
  }
}
`

const varBlock = `
variable "suffix" {
  type    = string
  default = ""
}
`

func kindsFor(names []string, latency bool) []kind {
	all := map[string]kind{
		"floor": {
			name: "floor", label: "floor_thing", resource: "floor_thing",
			provider: "terraform-provider-floor",
			hcl: func(n int) string {
				return floorHeader + varBlock + fmt.Sprintf(`
resource "floor_thing" "bench" {
  count = %d
  input = "bench ${count.index}${var.suffix}"
}
`, n)
			},
		},
		"wide":  wideLike("wide", "floor_wide"),
		"plain": wideLike("plain", "floor_wide_plain"),
		"lean":  wideLike("lean", "floor_lean"),
		"data": {
			name: "data", label: "terraform_data", resource: "terraform_data",
			hcl: func(n int) string {
				return varBlock + fmt.Sprintf(`
resource "terraform_data" "bench" {
  count = %d
  input = "bench ${count.index}${var.suffix}"
}
`, n)
			},
		},
		"webhook": {
			name: "webhook", label: "callfire_webhook", resource: "callfire_webhook",
			provider: "terraform-provider-callfire", hcl: webhookHCL,
		},
		"subscription": {
			name: "subscription", label: "callfire_subscription",
			resource: "callfire_subscription", provider: "terraform-provider-callfire",
			hcl: subscriptionHCL,
		},
	}
	var out []kind
	for _, n := range append(slices.Clone(kindNames), shapeKinds...) {
		if slices.Contains(names, n) {
			out = append(out, all[n])
		}
	}
	if latency {
		for _, k := range out {
			if k.provider == "terraform-provider-callfire" {
				k.name += "@latency"
				k.label += " @L"
				k.slow = true
				out = append(out, k)
			}
		}
	}
	return out
}

// wideLike is a floor resource configured with the same arguments as floor_wide.
func wideLike(name, resource string) kind {
	return kind{
		name: name, label: resource, resource: resource, provider: "terraform-provider-floor",
		hcl: func(n int) string {
			return floorHeader + varBlock + fmt.Sprintf(`
resource %q "bench" {
  count    = %d
  name     = "bench ${count.index}${var.suffix}"
  resource = "OutboundText"
  events   = ["Finished"]
  callback = "https://hooks.example.com/bench/${count.index}"
}
`, resource, n)
		},
	}
}

const callfireHeader = `terraform {
  required_providers {
    callfire = { source = "callfire/callfire" }
  }
}

# Credentials and the mock's URLs come from CALLFIRE_* environment variables.
provider "callfire" {}
`

func webhookHCL(n int) string {
	return callfireHeader + varBlock + fmt.Sprintf(`
resource "callfire_webhook" "bench" {
  count    = %d
  name     = "bench ${count.index}${var.suffix}"
  resource = "OutboundText"
  events   = ["Finished"]
  callback = "https://hooks.example.com/bench/${count.index}"
}
`, n)
}

func subscriptionHCL(n int) string {
	return callfireHeader + varBlock + fmt.Sprintf(`
resource "callfire_subscription" "bench" {
  count               = %d
  endpoint            = "https://hooks.example.com/bench/${count.index}${var.suffix}"
  notification_format = "JSON"
  trigger_event       = "OUTBOUND_TEXT_FINISHED"
}
`, n)
}

// sample is one phase of one kind at one N in one repetition.
type sample struct {
	Kind     string         `json:"kind"`
	N        int            `json:"n"`
	Phase    string         `json:"phase"`
	Run      int            `json:"run"`
	Seconds  float64        `json:"seconds"`
	Requests map[string]int `json:"requests,omitempty"`
	// PeakRSS is the highest VmHWM of the provider's processes in this phase, in bytes.
	PeakRSS   int64 `json:"peak_rss_bytes,omitempty"`
	Processes int   `json:"provider_processes,omitempty"`
	// CPU is the user+system time of Terraform and every provider process it ran;
	// ProviderCPU the providers' share and MockCPU the mock's, all in seconds. On a busy
	// machine they vary far less than the wall time.
	CPU         float64 `json:"cpu_seconds"`
	ProviderCPU float64 `json:"provider_cpu_seconds,omitempty"`
	MockCPU     float64 `json:"mock_cpu_seconds,omitempty"`
	// PlanChanges is set when a plan that should have been empty was not.
	PlanChanges bool `json:"plan_changes,omitempty"`
}

type workdir struct {
	kind   kind
	n      int
	dir    string
	suffix string
}

// measure runs every repetition. Within one, each phase runs for every kind before the
// next phase starts, and the order of the kinds rotates from one repetition to the next,
// so that a slow stretch of the machine lands on all of them rather than on one.
func (e *environment) measure(ctx context.Context) (*results, error) {
	kinds := kindsFor(e.opts.kinds, e.slowMock != nil)
	var dirs []*workdir
	for _, n := range e.opts.ns {
		for _, k := range kinds {
			d := &workdir{kind: k, n: n,
				dir: filepath.Join(e.dir, "work", fmt.Sprintf("%s-%d", k.name, n))}
			if err := os.MkdirAll(d.dir, 0o755); err != nil {
				return nil, err
			}
			if err := os.WriteFile(filepath.Join(d.dir, "main.tf"), []byte(k.hcl(n)), 0o644); err != nil {
				return nil, err
			}
			dirs = append(dirs, d)
		}
	}

	phases := []string{"apply"}
	for _, p := range []string{"plan", "update"} {
		if slices.Contains(e.opts.phases, p) {
			phases = append(phases, p)
		}
	}
	phases = append(phases, "destroy")

	res := &results{meta: e.meta, opts: e.opts, kinds: kinds}
	for r := 1; r <= e.opts.runs; r++ {
		for _, n := range e.opts.ns {
			var group []*workdir
			for _, d := range dirs {
				if d.n == n {
					group = append(group, d)
				}
			}
			shift := (r - 1) % len(group)
			group = slices.Concat(group[shift:], group[:shift])
			for _, phase := range phases {
				for _, d := range group {
					s, err := e.runPhase(ctx, d, phase, r)
					if err != nil {
						return nil, err
					}
					fmt.Printf("run %d/%d  N=%-4d %-8s %-26s %7.2fs %s\n", r, e.opts.runs, n,
						phase, d.kind.label, s.Seconds, s.brief())
					if slices.Contains(e.opts.phases, phase) {
						res.samples = append(res.samples, s)
					}
				}
			}
			if err := e.checkEmpty(); err != nil {
				return nil, err
			}
		}
	}
	e.meta.LoadAfter = loadAverage()
	res.meta = e.meta
	return res, nil
}

func (s sample) brief() string {
	parts := []string{fmt.Sprintf("cpu %5.2fs", s.CPU)}
	if s.ProviderCPU > 0 {
		parts = append(parts, fmt.Sprintf("provider cpu %5.2fs", s.ProviderCPU))
	}
	if s.Requests != nil {
		total := 0
		for _, v := range s.Requests {
			total += v
		}
		parts = append(parts, fmt.Sprintf("%5d requests", total))
	}
	if s.PeakRSS > 0 {
		parts = append(parts, fmt.Sprintf("rss %.1f MiB", float64(s.PeakRSS)/(1<<20)))
	}
	if s.PlanChanges {
		parts = append(parts, "PLAN NOT EMPTY")
	}
	return strings.Join(parts, "  ")
}

func (e *environment) mockFor(k kind) *mock {
	switch {
	case k.provider != "terraform-provider-callfire":
		return nil
	case k.slow:
		return e.slowMock
	}
	return e.mock
}

func (e *environment) runPhase(ctx context.Context, d *workdir, phase string, r int) (sample, error) {
	s := sample{Kind: d.kind.name, N: d.n, Phase: phase, Run: r}
	var args []string
	switch phase {
	case "apply":
		d.suffix = ""
		args = []string{"apply", "-auto-approve"}
	case "plan":
		args = []string{"plan", "-detailed-exitcode"}
	case "update":
		d.suffix = " updated"
		args = []string{"apply", "-auto-approve"}
	case "destroy":
		args = []string{"destroy", "-auto-approve"}
	}
	args = append(args, "-input=false", "-no-color", "-var", "suffix="+d.suffix)

	m := e.mockFor(d.kind)
	var env []string
	var mockTicks int64
	if m != nil {
		if err := m.resetStats(); err != nil {
			return s, err
		}
		env = m.env()
		mockTicks, _ = cpuTicks(m.cmd.Process.Pid)
	}

	logPath := filepath.Join(d.dir, phase+".log")
	log, err := os.Create(logPath)
	if err != nil {
		return s, err
	}
	defer log.Close()
	cmd := e.terraformCmd(ctx, d.dir, env, args...)
	cmd.Stdout, cmd.Stderr = log, log

	start := time.Now()
	if err := cmd.Start(); err != nil {
		return s, fmt.Errorf("start terraform %s: %w", phase, err)
	}
	var w *rssWatcher
	if d.kind.provider != "" {
		w = watchRSS(cmd.Process.Pid, d.kind.provider, e.opts.pollRate)
	}
	err = cmd.Wait()
	s.Seconds = time.Since(start).Seconds()
	if w != nil {
		var cpu time.Duration
		s.PeakRSS, s.Processes, cpu = w.Stop()
		s.ProviderCPU = cpu.Seconds()
	}
	if ps := cmd.ProcessState; ps != nil {
		// wait4's usage of Terraform includes the provider processes it waited for.
		s.CPU = (ps.UserTime() + ps.SystemTime()).Seconds()
	}
	if m != nil {
		if t, ok := cpuTicks(m.cmd.Process.Pid); ok {
			s.MockCPU = ticksToDuration(t - mockTicks).Seconds()
		}
	}

	var exit *exec.ExitError
	switch {
	case err == nil:
	case phase == "plan" && errors.As(err, &exit) && exit.ExitCode() == 2:
		s.PlanChanges = true
	default:
		return s, fmt.Errorf("terraform %s of %d %s failed (%w); the last lines of %s:\n%s",
			phase, d.n, d.kind.resource, err, logPath, tail(logPath, 30))
	}

	if m != nil {
		if s.Requests, err = m.stats(); err != nil {
			return s, err
		}
	}
	return s, nil
}

// checkEmpty makes sure each destroy really removed everything, so that the next
// repetition starts from the same empty account.
func (e *environment) checkEmpty() error {
	for _, m := range []*mock{e.mock, e.slowMock} {
		if m == nil {
			continue
		}
		w, s, err := m.storeSize()
		if err != nil {
			return err
		}
		if w != 0 || s != 0 {
			return fmt.Errorf("after destroy the mock still holds %d webhooks and %d "+
				"subscriptions", w, s)
		}
	}
	return nil
}

func tail(path string, lines int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	all := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}
