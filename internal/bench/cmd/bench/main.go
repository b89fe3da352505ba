// Command bench measures the CallFire provider against what it cannot be faster than: a
// do-nothing provider on the same framework (internal/bench/floor), terraform_data (no
// provider at all), and, with a per-request latency in the mock, the time the requests
// themselves must take at Terraform's parallelism of 10. `make bench` runs it.
//
//	go run ./internal/bench/cmd/bench -n 10,100 -runs 1 -latency 20ms
//
// Everything (binaries, CLI config, state, the mock's logs) lives in a temporary directory;
// Terraform runs offline against dev_overrides. Results go to -out as bench-results.md and
// bench-results.json.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	code, err := run(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

type options struct {
	ns       []int
	runs     int
	phases   []string
	kinds    []string
	latency  time.Duration
	out      string
	strict   bool
	keep     bool
	repo     string
	pollRate time.Duration
}

var allPhases = []string{"apply", "plan", "update", "destroy"}

func parseFlags(args []string) (options, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	ns := fs.String("n", "10,100,500", "comma-separated resource counts")
	runs := fs.Int("runs", 3, "repetitions; each phase reports the median")
	phases := fs.String("phases", strings.Join(allPhases, ","),
		"phases to report, of "+strings.Join(allPhases, ",")+
			" (apply and destroy always run, to build and clear the state)")
	kinds := fs.String("kinds", strings.Join(kindNames, ","),
		"what to measure, of "+strings.Join(kindNames, ",")+
			"; also "+strings.Join(shapeKinds, ",")+" (floor resources shaped like parts of the webhook)")
	latency := fs.Duration("latency", 20*time.Millisecond,
		"per-request latency of a second mock for the latency run; 0 skips it")
	out := fs.String("out", "bench-out", "directory for bench-results.md and .json")
	strict := fs.Bool("strict", false, "exit 2 when a budget line fails")
	keep := fs.Bool("keep", false, "keep the temporary directory (state, logs) afterwards")
	repo := fs.String("repo", ".", "root of the provider's Go module")
	poll := fs.Duration("rss-poll", 25*time.Millisecond, "how often the provider's RSS is read")
	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	if fs.NArg() > 0 {
		return options{}, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	o := options{runs: *runs, latency: *latency, out: *out, strict: *strict, keep: *keep,
		repo: *repo, pollRate: *poll}
	for f := range strings.SplitSeq(*ns, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return o, fmt.Errorf("-n: %q is not a positive count", f)
		}
		o.ns = append(o.ns, n)
	}
	for f := range strings.SplitSeq(*phases, ",") {
		f = strings.TrimSpace(f)
		if !slices.Contains(allPhases, f) {
			return o, fmt.Errorf("-phases: unknown phase %q (have %s)", f,
				strings.Join(allPhases, ", "))
		}
		o.phases = append(o.phases, f)
	}
	for f := range strings.SplitSeq(*kinds, ",") {
		f = strings.TrimSpace(f)
		if !slices.Contains(kindNames, f) && !slices.Contains(shapeKinds, f) {
			return o, fmt.Errorf("-kinds: unknown kind %q (have %s)", f,
				strings.Join(append(slices.Clone(kindNames), shapeKinds...), ", "))
		}
		o.kinds = append(o.kinds, f)
	}
	if o.runs < 1 {
		return o, errors.New("-runs must be at least 1")
	}
	if o.latency < 0 {
		return o, errors.New("-latency must not be negative")
	}
	return o, nil
}

func run(args []string) (int, error) {
	opts, err := parseFlags(args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, nil
		}
		return 2, err
	}
	if runtime.GOOS != "linux" {
		return 1, errors.New("the benchmark reads /proc for the provider's memory: Linux only")
	}
	tf, err := exec.LookPath("terraform")
	if err != nil {
		return 1, errors.New("terraform is not on PATH; install Terraform >= 1.11 and retry")
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	tmp, err := os.MkdirTemp("", "callfire-bench-")
	if err != nil {
		return 1, err
	}
	defer func() {
		if opts.keep {
			fmt.Printf("kept %s\n", tmp)
			return
		}
		_ = os.RemoveAll(tmp)
	}()

	env, err := prepare(ctx, opts, tf, tmp)
	if env != nil {
		defer env.close()
	}
	if err != nil {
		return 1, err
	}

	res, err := env.measure(ctx)
	if err != nil {
		return 1, err
	}
	failed := res.write(opts.out)
	if failed > 0 && opts.strict {
		return 2, nil
	}
	return 0, nil
}

// environment is what a measurement needs: the built binaries, the mocks and Terraform.
type environment struct {
	opts      options
	terraform string
	dir       string
	cliConfig string
	mock      *mock
	slowMock  *mock
	meta      metadata
}

type metadata struct {
	Date             string  `json:"date"`
	CPUs             int     `json:"cpus"`
	TerraformVersion string  `json:"terraform_version"`
	GoVersion        string  `json:"go_version"`
	Runs             int     `json:"runs"`
	Ns               []int   `json:"ns"`
	LatencyMS        float64 `json:"latency_ms"`
	LoadBefore       string  `json:"load_before"`
	LoadAfter        string  `json:"load_after"`
	Parallelism      int     `json:"parallelism"`
}

func (e *environment) close() {
	e.mock.stop()
	e.slowMock.stop()
}

// prepare builds the provider, the floor provider and the mock, starts the mock(s) and
// writes a CLI configuration whose dev_overrides serve both providers from the build.
func prepare(ctx context.Context, opts options, tf, dir string) (*environment, error) {
	e := &environment{opts: opts, terraform: tf, dir: dir}
	bin := filepath.Join(dir, "bin")
	builds := []struct{ out, pkg string }{
		{"terraform-provider-callfire", "."},
		{"terraform-provider-floor", "./internal/bench/floor"},
		{"mockcallfire", "./internal/mockcallfire/cmd/mockcallfire"},
	}
	for _, b := range builds {
		fmt.Printf("building %s\n", b.out)
		cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-o",
			filepath.Join(bin, b.out), b.pkg)
		cmd.Dir = opts.repo
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			return e, fmt.Errorf("go build %s: %w", b.pkg, err)
		}
	}

	e.cliConfig = filepath.Join(dir, "terraform.rc")
	// Only dev_overrides and no other installation method: Terraform cannot reach a registry.
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n"+
		"    \"callfire/callfire\" = %q\n    \"callfire/floor\"    = %q\n  }\n}\n", bin, bin)
	if err := os.WriteFile(e.cliConfig, []byte(rc), 0o600); err != nil {
		return e, err
	}

	var err error
	if e.mock, err = startMock(ctx, filepath.Join(bin, "mockcallfire"), dir, "mock", 0); err != nil {
		return e, err
	}
	if opts.latency > 0 {
		e.slowMock, err = startMock(ctx, filepath.Join(bin, "mockcallfire"), dir, "mock-slow",
			opts.latency)
		if err != nil {
			return e, err
		}
	}

	e.meta = metadata{
		Date:        time.Now().UTC().Format("2006-01-02 15:04 MST"),
		CPUs:        runtime.NumCPU(),
		GoVersion:   runtime.Version(),
		Runs:        opts.runs,
		Ns:          opts.ns,
		LatencyMS:   float64(opts.latency) / float64(time.Millisecond),
		LoadBefore:  loadAverage(),
		Parallelism: 10,
	}
	out, err := e.terraformCmd(ctx, dir, nil, "version").Output()
	if err != nil {
		return e, fmt.Errorf("terraform version: %w", err)
	}
	e.meta.TerraformVersion = strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
	return e, nil
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// terraformCmd runs Terraform offline, quiet and with nothing from the caller's
// environment that could change what it does (TF_CLI_ARGS, TF_LOG, plugin caches).
func (e *environment) terraformCmd(ctx context.Context, dir string, extraEnv []string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, e.terraform, args...)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "TF_") || strings.HasPrefix(name, "CALLFIRE_") ||
			name == "CHECKPOINT_DISABLE" {
			continue
		}
		cmd.Env = append(cmd.Env, kv)
	}
	cmd.Env = append(cmd.Env,
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
		"TF_CLI_CONFIG_FILE="+e.cliConfig,
	)
	cmd.Env = append(cmd.Env, extraEnv...)
	return cmd
}
