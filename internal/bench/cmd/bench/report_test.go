package main

import (
	"strings"
	"testing"
	"time"
)

// phaseRun builds the samples of one phase: one per repetition, with the given wall times.
func phaseRun(kind string, n int, phase string, reqs map[string]int, rss int64, secs ...float64) []sample {
	var out []sample
	for i, s := range secs {
		out = append(out, sample{Kind: kind, N: n, Phase: phase, Run: i + 1, Seconds: s,
			Requests: reqs, PeakRSS: rss})
	}
	return out
}

// benchResults is a 500-resource run in which every budget line passes; each test case
// changes one thing about it.
func benchResults() *results {
	const n = 500
	r := &results{opts: options{ns: []int{10, n}, runs: 3, latency: 20 * time.Millisecond}}
	add := func(s []sample) { r.samples = append(r.samples, s...) }
	add(phaseRun("floor", n, "apply", nil, 25<<20, 4.0, 4.2, 9.0))
	add(phaseRun("wide", n, "apply", nil, 26<<20, 4.3, 4.4, 4.5))
	add(phaseRun("webhook", n, "apply", map[string]int{"POST /v2/webhooks": n, "GET /v2/webhooks/{id}": n}, 30<<20, 4.6, 4.7, 4.8))
	add(phaseRun("webhook", n, "plan", map[string]int{"GET /v2/webhooks/{id}": n}, 30<<20, 2.0, 2.0, 2.0))
	add(phaseRun("webhook@latency", n, "plan", map[string]int{"GET /v2/webhooks/{id}": n}, 30<<20, 3.1, 3.1, 3.1))
	add(phaseRun("webhook", n, "update", map[string]int{"GET /v2/webhooks/{id}": 2 * n, "PUT /v2/webhooks/{id}": n}, 30<<20, 5, 5, 5))
	add(phaseRun("webhook", n, "destroy", map[string]int{"GET /v2/webhooks/{id}": n, "DELETE /v2/webhooks/{id}": n}, 30<<20, 5, 5, 5))
	return r
}

func verdicts(r *results) map[string]verdict {
	out := map[string]verdict{}
	for _, v := range r.budget(r.summarize()) {
		out[v.Check] = v
	}
	return out
}

// check finds the one verdict whose check starts with prefix.
func check(t *testing.T, vs map[string]verdict, prefix string) verdict {
	t.Helper()
	var found []verdict
	for c, v := range vs {
		if strings.HasPrefix(c, prefix) {
			found = append(found, v)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d budget lines start with %q, want 1: %v", len(found), prefix, vs)
	}
	return found[0]
}

func TestBudgetAllPass(t *testing.T) {
	vs := verdicts(benchResults())
	if len(vs) != 8 {
		t.Errorf("%d budget lines, want 8 (apply, latency, four request lines, no-change plan, RSS): %v", len(vs), vs)
	}
	for c, v := range vs {
		if !v.Pass {
			t.Errorf("%s: %s against %s failed", c, v.Measured, v.Limit)
		}
	}
	// Medians, not means: the 9 s outlier of the floor does not count.
	apply := check(t, vs, "apply of 500 webhooks")
	if want := "1.12× (1.07× floor_wide)"; apply.Measured != want {
		t.Errorf("apply measured %q, want %q", apply.Measured, want)
	}
}

func TestBudgetFailures(t *testing.T) {
	cases := []struct {
		name   string
		change func(r *results)
		line   string
	}{
		{"apply slower than 1.2 × the floor", func(r *results) {
			r.samples = append(r.samples[:0:0], filter(r.samples, "webhook", "apply")...)
			r.samples = append(r.samples, phaseRun("webhook", 500, "apply",
				map[string]int{"POST /v2/webhooks": 500, "GET /v2/webhooks/{id}": 500}, 30<<20, 5.1, 5.1, 5.1)...)
		}, "apply of 500 webhooks"},
		{"latency serialises the plan", func(r *results) {
			r.samples = append(r.samples[:0:0], filter(r.samples, "webhook@latency", "plan")...)
			// 1.2 × 500 × 20 ms / 10 = 1.2 s is the most the latency may add.
			r.samples = append(r.samples, phaseRun("webhook@latency", 500, "plan",
				map[string]int{"GET /v2/webhooks/{id}": 500}, 30<<20, 3.3, 3.3, 3.3)...)
		}, "time 20ms of latency"},
		{"a second GET per created webhook", func(r *results) {
			r.samples = append(r.samples[:0:0], filter(r.samples, "webhook", "apply")...)
			r.samples = append(r.samples, phaseRun("webhook", 500, "apply",
				map[string]int{"POST /v2/webhooks": 500, "GET /v2/webhooks/{id}": 1000}, 30<<20, 4.6, 4.6, 4.6)...)
		}, "requests per webhook: create"},
		{"an update that reads twice after the PUT", func(r *results) {
			r.samples = append(r.samples[:0:0], filter(r.samples, "webhook", "update")...)
			r.samples = append(r.samples, phaseRun("webhook", 500, "update",
				map[string]int{"GET /v2/webhooks/{id}": 1500, "PUT /v2/webhooks/{id}": 500}, 30<<20, 5, 5, 5)...)
		}, "requests per webhook: update"},
		{"a plan that writes", func(r *results) {
			r.samples = append(r.samples[:0:0], filter(r.samples, "webhook", "plan")...)
			r.samples = append(r.samples, phaseRun("webhook", 500, "plan",
				map[string]int{"GET /v2/webhooks/{id}": 499, "PUT /v2/webhooks/{id}": 1}, 30<<20, 2, 2, 2)...)
		}, "a no-change plan"},
		{"a plan with changes", func(r *results) {
			for i := range r.samples {
				if r.samples[i].Kind == "webhook" && r.samples[i].Phase == "plan" && r.samples[i].Run == 2 {
					r.samples[i].PlanChanges = true
				}
			}
		}, "a no-change plan"},
		{"61 MiB in one phase", func(r *results) {
			r.samples[len(r.samples)-1].PeakRSS = 61 << 20
		}, "provider peak RSS"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := benchResults()
			tc.change(r)
			vs := verdicts(r)
			for c, v := range vs {
				want := !strings.HasPrefix(c, tc.line)
				if v.Pass != want {
					t.Errorf("%s: pass = %v, want %v (measured %s, limit %s)", c, v.Pass, want, v.Measured, v.Limit)
				}
			}
		})
	}
}

// filter drops the samples of one kind and phase.
func filter(ss []sample, kind, phase string) []sample {
	var out []sample
	for _, s := range ss {
		if s.Kind != kind || s.Phase != phase {
			out = append(out, s)
		}
	}
	return out
}

func TestKindsFlag(t *testing.T) {
	o, err := parseFlags([]string{"-kinds", "floor, plain,lean", "-latency", "0"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, k := range kindsFor(o.kinds, o.latency > 0) {
		got = append(got, k.resource)
	}
	if want := "floor_thing floor_wide_plain floor_lean"; strings.Join(got, " ") != want {
		t.Errorf("resources measured: %q, want %q", strings.Join(got, " "), want)
	}
	_, err = parseFlags([]string{"-kinds", "wide,bogus"})
	if err == nil || !strings.Contains(err.Error(), `"bogus"`) || !strings.Contains(err.Error(), "lean") {
		t.Errorf("an unknown kind: error %v, want one naming it and listing every kind", err)
	}
}
