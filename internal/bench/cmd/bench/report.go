package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

type results struct {
	meta    metadata
	opts    options
	kinds   []kind
	samples []sample
}

// summary condenses the repetitions of one phase of one kind at one N.
type summary struct {
	Kind    string  `json:"kind"`
	N       int     `json:"n"`
	Phase   string  `json:"phase"`
	Median  float64 `json:"median_seconds"`
	Min     float64 `json:"min_seconds"`
	Max     float64 `json:"max_seconds"`
	Floor   float64 `json:"ratio_to_floor,omitempty"`
	HasReqs bool    `json:"-"`
	// Requests is the median request count per "METHOD route" over the repetitions.
	Requests    map[string]int `json:"requests,omitempty"`
	Total       int            `json:"requests_total,omitempty"`
	PeakRSS     int64          `json:"peak_rss_bytes,omitempty"`
	PlanChanges bool           `json:"plan_changes,omitempty"`
	// Median CPU seconds: Terraform and its providers together, the providers alone.
	CPU         float64 `json:"median_cpu_seconds"`
	ProviderCPU float64 `json:"median_provider_cpu_seconds,omitempty"`
}

type verdict struct {
	Check    string `json:"check"`
	Measured string `json:"measured"`
	Limit    string `json:"limit"`
	Pass     bool   `json:"pass"`
}

func (r *results) summarize() map[string]*summary {
	groups := map[string][]sample{}
	for _, s := range r.samples {
		k := key(s.Kind, s.N, s.Phase)
		groups[k] = append(groups[k], s)
	}
	out := map[string]*summary{}
	for k, ss := range groups {
		secs := make([]float64, len(ss))
		cpu := make([]float64, len(ss))
		pcpu := make([]float64, len(ss))
		totals := make([]int, len(ss))
		sum := &summary{Kind: ss[0].Kind, N: ss[0].N, Phase: ss[0].Phase}
		for i, s := range ss {
			secs[i], cpu[i], pcpu[i] = s.Seconds, s.CPU, s.ProviderCPU
			sum.PeakRSS = max(sum.PeakRSS, s.PeakRSS)
			sum.PlanChanges = sum.PlanChanges || s.PlanChanges
			if s.Requests != nil {
				sum.HasReqs = true
			}
			for _, v := range s.Requests {
				totals[i] += v
			}
		}
		sum.Median, sum.Min, sum.Max = median(secs), slices.Min(secs), slices.Max(secs)
		sum.CPU, sum.ProviderCPU = median(cpu), median(pcpu)
		if sum.HasReqs {
			// The repetition with the median total stands for all; the counts do not vary
			// unless something retried.
			idx := make([]int, len(ss))
			for i := range idx {
				idx[i] = i
			}
			sort.Slice(idx, func(a, b int) bool { return totals[idx[a]] < totals[idx[b]] })
			mid := idx[len(idx)/2]
			sum.Requests, sum.Total = ss[mid].Requests, totals[mid]
		}
		out[k] = sum
	}
	for _, sum := range out {
		if f, ok := out[key("floor", sum.N, sum.Phase)]; ok && f.Median > 0 {
			sum.Floor = sum.Median / f.Median
		}
	}
	return out
}

func key(kind string, n int, phase string) string { return fmt.Sprintf("%s/%d/%s", kind, n, phase) }

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// perResource renders request counts per resource by method, e.g. "2 (POST 1, GET 1)".
func perResource(s *summary) string {
	if !s.HasReqs {
		return "–"
	}
	byMethod := map[string]int{}
	for route, n := range s.Requests {
		method, _, _ := strings.Cut(route, " ")
		byMethod[method] += n
	}
	order := []string{"POST", "GET", "PUT", "DELETE"}
	for m := range byMethod {
		if !slices.Contains(order, m) {
			order = append(order, m)
		}
	}
	var parts []string
	for _, m := range order {
		if n := byMethod[m]; n > 0 {
			parts = append(parts, m+" "+trimFloat(float64(n)/float64(s.N)))
		}
	}
	total := trimFloat(float64(s.Total) / float64(s.N))
	if len(parts) == 0 {
		return total
	}
	return total + " (" + strings.Join(parts, ", ") + ")"
}

func trimFloat(f float64) string {
	s := fmt.Sprintf("%.2f", f)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}

func mib(b int64) string {
	if b <= 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
}

// write prints the report, saves it as Markdown and JSON under dir and returns how many
// budget lines failed.
func (r *results) write(dir string) int {
	sums := r.summarize()
	budget := r.budget(sums)
	md := r.markdown(sums, budget)
	fmt.Print("\n" + md)

	failed := 0
	for _, v := range budget {
		if !v.Pass {
			failed++
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "bench: cannot write results:", err)
		return failed
	}
	// The directory holds generated output only; it ignores itself so nobody commits it.
	_ = os.WriteFile(filepath.Join(dir, ".gitignore"), []byte("*\n"), 0o644)
	_ = os.WriteFile(filepath.Join(dir, "bench-results.md"), []byte(md), 0o644)

	list := make([]*summary, 0, len(sums))
	for _, s := range sums {
		list = append(list, s)
	}
	sort.Slice(list, func(a, b int) bool {
		return key(list[a].Kind, list[a].N, list[a].Phase) < key(list[b].Kind, list[b].N, list[b].Phase)
	})
	j, _ := json.MarshalIndent(map[string]any{
		"meta": r.meta, "summaries": list, "budget": budget, "samples": r.samples,
	}, "", "  ")
	_ = os.WriteFile(filepath.Join(dir, "bench-results.json"), append(j, '\n'), 0o644)
	fmt.Printf("\nwrote %s and %s\n", filepath.Join(dir, "bench-results.md"),
		filepath.Join(dir, "bench-results.json"))
	return failed
}

func (r *results) markdown(sums map[string]*summary, budget []verdict) string {
	var b strings.Builder
	m := r.meta
	fmt.Fprintf(&b, "Measured %s on %d CPUs, %s, %s; median of %d run(s); "+
		"Terraform's default parallelism (%d). Load average before %s, after %s.\n",
		m.Date, m.CPUs, m.TerraformVersion, m.GoVersion, m.Runs, m.Parallelism,
		m.LoadBefore, m.LoadAfter)

	for _, n := range r.opts.ns {
		fmt.Fprintf(&b, "\n#### N = %d\n\n", n)
		b.WriteString("| phase | resource | median | min–max | × floor | CPU (all / provider) " +
			"| requests / resource | provider peak RSS |\n")
		b.WriteString("|---|---|---:|---:|---:|---:|---|---:|\n")
		for _, phase := range allPhases {
			for _, k := range r.kinds {
				if k.slow {
					continue
				}
				s, ok := sums[key(k.name, n, phase)]
				if !ok {
					continue
				}
				ratio := "–"
				if s.Floor > 0 {
					ratio = fmt.Sprintf("%.2f", s.Floor)
				}
				note := ""
				if s.PlanChanges {
					note = " **plan not empty**"
				}
				cpu := fmt.Sprintf("%.1f s", s.CPU)
				if s.ProviderCPU > 0 {
					cpu += fmt.Sprintf(" / %.1f s", s.ProviderCPU)
				}
				fmt.Fprintf(&b, "| %s | %s | %.2f s | %.2f–%.2f | %s | %s | %s%s | %s |\n",
					phase, k.label, s.Median, s.Min, s.Max, ratio, cpu, perResource(s), note,
					mib(s.PeakRSS))
			}
		}
	}

	if r.opts.latency > 0 {
		lat := r.opts.latency
		fmt.Fprintf(&b, "\n#### What %s of latency per request adds\n\n", lat)
		b.WriteString("The API's own floor is the phase's requests × L / 10: with Terraform " +
			"running 10 operations at a time, no provider can wait less.\n\n")
		b.WriteString("| N | resource | phase | at 0 | at L | added | API floor | added / floor |\n")
		b.WriteString("|---:|---|---|---:|---:|---:|---:|---:|\n")
		for _, n := range r.opts.ns {
			for _, phase := range allPhases {
				for _, k := range r.kinds {
					if !k.slow {
						continue
					}
					base := strings.TrimSuffix(k.name, "@latency")
					slow, ok1 := sums[key(k.name, n, phase)]
					fast, ok2 := sums[key(base, n, phase)]
					if !ok1 || !ok2 {
						continue
					}
					added := slow.Median - fast.Median
					floor := float64(slow.Total) * lat.Seconds() / 10
					ratio := "–"
					if floor > 0 {
						ratio = fmt.Sprintf("%.2f", added/floor)
					}
					fmt.Fprintf(&b, "| %d | %s | %s | %.2f s | %.2f s | %.2f s | %.2f s | %s |\n",
						n, strings.TrimSuffix(k.label, " @L"), phase, fast.Median, slow.Median,
						added, floor, ratio)
				}
			}
		}
	}

	if len(budget) > 0 {
		b.WriteString("\n#### Budget\n\n| check | measured | limit | verdict |\n|---|---|---|---|\n")
		for _, v := range budget {
			verdict := "PASS"
			if !v.Pass {
				verdict = "**FAIL**"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", v.Check, v.Measured, v.Limit, verdict)
		}
	}
	return b.String()
}

// budget checks the lines of the performance budget at N = 500, or at the largest N run.
func (r *results) budget(sums map[string]*summary) []verdict {
	n := slices.Max(r.opts.ns)
	if slices.Contains(r.opts.ns, 500) {
		n = 500
	}
	at := fmt.Sprintf("%d", n)
	var out []verdict

	if wh, ok := sums[key("webhook", n, "apply")]; ok && wh.Floor > 0 {
		measured := fmt.Sprintf("%.2f×", wh.Floor)
		// floor_wide does nothing either but has the webhook's schema: what is left of the
		// ratio against it is the provider's own work.
		if wide, ok := sums[key("wide", n, "apply")]; ok && wide.Median > 0 {
			measured += fmt.Sprintf(" (%.2f× floor_wide)", wh.Median/wide.Median)
		}
		out = append(out, verdict{
			Check:    "apply of " + at + " webhooks vs " + at + " floor_thing, zero latency",
			Measured: measured,
			Limit:    "≤ 1.20×",
			Pass:     wh.Floor <= 1.2,
		})
	}
	if r.opts.latency > 0 {
		slow, ok1 := sums[key("webhook@latency", n, "plan")]
		fast, ok2 := sums[key("webhook", n, "plan")]
		if ok1 && ok2 {
			added := slow.Median - fast.Median
			bound := float64(n) * r.opts.latency.Seconds() / 10
			out = append(out, verdict{
				Check: fmt.Sprintf("time %s of latency adds to a no-change plan of %s "+
					"webhooks", r.opts.latency, at),
				Measured: fmt.Sprintf("%.2f s (%.2f× N × L / 10)", added, added/bound),
				Limit:    fmt.Sprintf("≤ %.2f s (1.2 × %s × %s / 10)", 1.2*bound, at, r.opts.latency),
				Pass:     added <= 1.2*bound,
			})
		}
	}

	for _, k := range []string{"webhook", "subscription"} {
		refresh := float64(n) // one read per resource, unless the plan phase says otherwise
		if p, ok := sums[key(k, n, "plan")]; ok && p.HasReqs {
			refresh = float64(p.Total)
		}
		lines := []struct {
			phase, what string
			want        float64
			minus       float64
		}{
			{"apply", "create", 2, 0},
			{"plan", "read (no-change plan)", 1, 0},
			{"update", "update (refresh reads excluded)", 2, refresh},
			{"destroy", "delete (refresh reads excluded)", 1, refresh},
		}
		for _, l := range lines {
			s, ok := sums[key(k, n, l.phase)]
			if !ok || !s.HasReqs {
				continue
			}
			got := (float64(s.Total) - l.minus) / float64(n)
			out = append(out, verdict{
				Check:    fmt.Sprintf("requests per %s: %s", k, l.what),
				Measured: trimFloat(got) + " — phase total " + perResource(s),
				Limit:    "≤ " + trimFloat(l.want),
				Pass:     got <= l.want+1e-9,
			})
		}
		if p, ok := sums[key(k, n, "plan")]; ok && p.HasReqs {
			writes := 0
			for route, c := range p.Requests {
				if !strings.HasPrefix(route, "GET ") {
					writes += c
				}
			}
			measured := fmt.Sprintf("%d write requests", writes)
			if p.PlanChanges {
				measured += ", plan shows changes"
			}
			out = append(out, verdict{
				Check:    fmt.Sprintf("a no-change plan of %s %ss writes nothing", at, k),
				Measured: measured,
				Limit:    "0 writes, empty plan",
				Pass:     writes == 0 && !p.PlanChanges,
			})
		}
	}

	var peak int64
	for _, s := range sums {
		if s.N == n && (strings.HasPrefix(s.Kind, "webhook") || strings.HasPrefix(s.Kind, "subscription")) {
			peak = max(peak, s.PeakRSS)
		}
	}
	if peak > 0 {
		out = append(out, verdict{
			Check:    "provider peak RSS at " + at + " resources",
			Measured: mib(peak),
			Limit:    "≤ 60 MiB",
			Pass:     peak <= 60<<20,
		})
	}
	return out
}
