package provider

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/callfire/terraform-provider-callfire/internal/mockcallfire"
)

// The tests in this file drive the real terraform binary against the provider built as a
// binary, the way a user runs it: the provider's logs then travel through terraform's
// plugin logging into TF_LOG_PATH, which is what a user would attach to a bug report.

// cliRun is a terraform working directory wired to a freshly built provider through
// dev_overrides, with TF_LOG=trace written to logPath.
type cliRun struct {
	t       *testing.T
	dir     string
	logPath string
	env     []string
	// output collects stdout and stderr of every command, for the leak checks.
	output bytes.Buffer
}

func newCLIRun(t *testing.T, extraEnv ...string) *cliRun {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("drives the terraform binary; set TF_ACC=1")
	}
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tf == "" {
		var err error
		if tf, err = exec.LookPath("terraform"); err != nil {
			t.Skip("terraform is not on PATH")
		}
	}
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "terraform-provider-callfire"), ".")
	build.Dir = moduleRoot(t)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	home := t.TempDir()
	cliConfig := filepath.Join(home, "terraformrc")
	writeFile(t, cliConfig, fmt.Sprintf(`provider_installation {
  dev_overrides {
    "callfire/callfire" = %q
  }
  direct {}
}
`, bin))
	r := &cliRun{t: t, dir: t.TempDir(), logPath: filepath.Join(home, "terraform.log")}
	r.env = append([]string{
		"PATH=" + filepath.Dir(tf) + string(os.PathListSeparator) + os.Getenv("PATH"),
		"HOME=" + home,
		"TF_CLI_CONFIG_FILE=" + cliConfig,
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
		"TF_LOG=trace",
		"TF_LOG_PATH=" + r.logPath,
	}, extraEnv...)
	return r
}

func moduleRoot(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// command prepares terraform with args in the working directory.
func (r *cliRun) command(args ...string) *exec.Cmd {
	if args[0] != "state" {
		args = append([]string{args[0], "-no-color"}, args[1:]...)
	}
	cmd := exec.Command("terraform", args...)
	cmd.Dir = r.dir
	cmd.Env = r.env
	return cmd
}

// run runs terraform and returns its combined output; wantOK says whether it must succeed.
func (r *cliRun) run(wantOK bool, args ...string) string {
	r.t.Helper()
	cmd := r.command(args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	r.output.Write(out.Bytes())
	if wantOK && err != nil {
		r.t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	if !wantOK && err == nil {
		r.t.Fatalf("terraform %s succeeded, want a failure\n%s", strings.Join(args, " "), out.String())
	}
	return out.String()
}

// runQuiet runs a command that must succeed without adding its output to r.output.
func (r *cliRun) runQuiet(args ...string) string {
	r.t.Helper()
	out, err := r.command(args...).CombinedOutput()
	if err != nil {
		r.t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (r *cliRun) config(hcl string) { writeFile(r.t, filepath.Join(r.dir, "main.tf"), hcl) }

// cliProvider is the configuration header for the built provider; the password comes from
// CALLFIRE_PASSWORD so that it is in no file terraform writes.
func cliProvider(ts *mockcallfire.TestServer, extra string) string {
	return fmt.Sprintf(`
terraform {
  required_providers {
    callfire = { source = "callfire/callfire" }
  }
}

provider "callfire" {
  username    = %q
  v2_base_url = %q
  v1_base_url = %q
  max_retries = 1
%s}
`, ts.Username(), ts.V2URL(), ts.V1URL(), extra)
}

// secretsConfig is a webhook with a secret kept in state, one with a write-only secret fed
// from an ephemeral variable (so no file terraform writes holds it), and a subscription.
func secretsConfig(ts *mockcallfire.TestServer, secret string, woVersion int, endpoint string) string {
	return cliProvider(ts, "") + fmt.Sprintf(`
variable "wo_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "callfire_webhook" "signed" {
  name     = "Signed texts"
  resource = "OutboundText"
  events   = ["Finished"]
  callback = "https://hooks.example.com/signed"
  secret   = %q
}

resource "callfire_webhook" "write_only" {
  name              = "Write-only texts"
  resource          = "InboundText"
  events            = ["Finished"]
  callback          = "https://hooks.example.com/wo"
  secret_wo         = var.wo_secret
  secret_wo_version = %d
}

resource "callfire_subscription" "texts" {
  endpoint            = %q
  notification_format = "JSON"
  trigger_event       = "OUTBOUND_TEXT_FINISHED"
}
`, secret, woVersion, endpoint)
}

func TestAccSecrets_neverInLogsOutputOrFiles(t *testing.T) {
	t.Parallel()
	ts := mockcallfire.NewTestServer(t, mockcallfire.Options{
		Username: "tf-secrets-user",
		Password: "pw-9f3c1e7a-never-logged",
	})
	basic := base64.StdEncoding.EncodeToString([]byte(ts.Username() + ":" + ts.Password()))
	secrets := []string{"whsec-alpha-7c2d4410", "whsec-beta-1e9f3302", "whsec-gamma-55aa9c01"}
	wo := []string{"wo-secret-one-5a8b61", "wo-secret-two-3d4e72", "wo-secret-three-9b1c83"}
	r := newCLIRun(t, "CALLFIRE_PASSWORD="+ts.Password())
	withWO := func(v string) { r.env = append(r.env, "TF_VAR_wo_secret="+v) }

	// Create from a saved plan.
	withWO(wo[0])
	r.config(secretsConfig(ts, secrets[0], 1, "https://hooks.example.com/sub"))
	// A rate-limited create puts the client's retry line (with its fields) into the log.
	ts.AddFault(mockcallfire.Fault{Method: http.MethodPost, Path: webhookCreatePath,
		Status: http.StatusTooManyRequests, RetryAfter: "1"})
	r.run(true, "plan", "-out=tfplan")
	// show -json prints sensitive values by design (secret is in the plan, marked
	// sensitive), so it stays out of the output checked below; secret_wo must not be in it.
	planJSON := r.runQuiet("show", "-json", "tfplan")
	if !strings.Contains(planJSON, `"callfire_webhook"`) {
		t.Fatalf("terraform show -json printed no plan:\n%s", planJSON)
	}
	assertPlanFileHasNo(t, filepath.Join(r.dir, "tfplan"), wo[0])
	if strings.Contains(planJSON, wo[0]) {
		t.Error("terraform show -json of the saved plan holds the write-only secret")
	}
	r.run(true, "apply", "tfplan")
	hooks := webhooksByName(t, ts)
	if hooks["Signed texts"].Secret != secrets[0] || hooks["Write-only texts"].Secret != wo[0] {
		t.Fatalf("CallFire did not receive the secrets: %+v", hooks)
	}
	if n := len(ts.Subscriptions()); n != 1 {
		t.Fatalf("mock holds %d subscriptions, want 1", n)
	}

	// Update both secrets (the write-only one through its version) and the subscription.
	withWO(wo[1])
	r.config(secretsConfig(ts, secrets[1], 2, "https://hooks.example.com/sub-v2"))
	r.run(true, "apply", "-auto-approve")
	hooks = webhooksByName(t, ts)
	if hooks["Signed texts"].Secret != secrets[1] || hooks["Write-only texts"].Secret != wo[1] {
		t.Fatalf("the update did not reach CallFire: %+v", hooks)
	}

	// Import: forget the signed webhook, import it by id, and apply to set its secret again
	// (CallFire never returns it).
	signedID := strconv.FormatInt(hooks["Signed texts"].ID, 10)
	r.run(true, "state", "rm", "callfire_webhook.signed")
	r.run(true, "import", "callfire_webhook.signed", signedID)
	r.run(true, "apply", "-auto-approve")
	if n := len(ts.Webhooks()); n != 2 {
		t.Fatalf("mock holds %d webhooks after the import, want 2", n)
	}

	// A failing apply: CallFire's error answers echo what it was sent, the credentials
	// and the new secrets. The diagnostics must still show none of them.
	ts.AddFault(mockcallfire.Fault{
		Method: http.MethodPut, Path: "/v2/webhooks/" + signedID, Status: http.StatusBadRequest,
		Body: fmt.Sprintf(`{"httpStatusCode":400,"internalCode":0,"message":"secret %s rejected `+
			`(was %s) for user %s with password %s (Authorization: Basic %s)"}`,
			secrets[2], secrets[1], ts.Username(), ts.Password(), basic),
	})
	ts.AddFault(mockcallfire.Fault{
		Method: http.MethodPut, Path: "/v2/webhooks/" + strconv.FormatInt(hooks["Write-only texts"].ID, 10),
		Status: http.StatusInternalServerError,
		Body:   "<html><body>upstream said: secret=" + wo[2] + " auth=Basic " + basic + "</body></html>",
	})
	withWO(wo[2])
	r.config(secretsConfig(ts, secrets[2], 3, "https://hooks.example.com/sub-v2"))
	failed := r.run(false, "apply", "-auto-approve")
	for _, want := range []string{"HTTP 400 Bad Request", "HTTP 500 Internal Server Error", "***"} {
		if !strings.Contains(failed, want) {
			t.Errorf("the failed apply does not say %q:\n%s", want, failed)
		}
	}
	if n := ts.PendingFaults(); n != 0 {
		t.Errorf("%d faults were never hit", n)
	}

	r.run(true, "destroy", "-auto-approve")
	if n, m := len(ts.Webhooks()), len(ts.Subscriptions()); n != 0 || m != 0 {
		t.Errorf("after destroy the mock holds %d webhooks and %d subscriptions", n, m)
	}

	// The log must be a real trace log with the provider's own lines in it, or finding no
	// secret in it proves nothing.
	logText, err := os.ReadFile(r.logPath)
	if err != nil {
		t.Fatal(err)
	}
	// "***" shows that the secrets CallFire echoed reached the log, masked.
	for _, want := range []string{"[TRACE]", "CallFire request", "create webhook", "***",
		"Retrying CallFire request", "ApplyResourceChange"} {
		if !bytes.Contains(logText, []byte(want)) {
			t.Errorf("the trace log lacks %q; is the provider's logging reaching terraform?", want)
		}
	}

	never := map[string]string{
		"password":                   ts.Password(),
		"Basic credentials":          basic,
		"first webhook secret":       secrets[0],
		"second webhook secret":      secrets[1],
		"third webhook secret":       secrets[2],
		"first write-only secret":    wo[0],
		"second write-only secret":   wo[1],
		"third write-only secret":    wo[2],
		"base64 of password alone":   base64.StdEncoding.EncodeToString([]byte(ts.Password())),
		"password without last char": ts.Password()[:len(ts.Password())-1],
	}
	for what, value := range never {
		if n := bytes.Count(logText, []byte(value)); n != 0 {
			t.Errorf("the %s occurs %d times in the trace log", what, n)
		}
		if n := strings.Count(r.output.String(), value); n != 0 {
			t.Errorf("the %s occurs %d times in terraform's output", what, n)
		}
	}

	// Write-only secrets are in no state file, current or backup.
	states, _ := filepath.Glob(filepath.Join(r.dir, "*.tfstate*"))
	if len(states) == 0 {
		t.Fatal("no state files written")
	}
	for _, path := range states {
		content, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, value := range wo {
			if bytes.Contains(content, []byte(value)) {
				t.Errorf("%s holds a write-only secret", filepath.Base(path))
			}
		}
	}
}

// webhooksByName indexes the mock's webhooks by name.
func webhooksByName(t *testing.T, ts *mockcallfire.TestServer) map[string]mockcallfire.Webhook {
	t.Helper()
	out := map[string]mockcallfire.Webhook{}
	for _, w := range ts.Webhooks() {
		out[w.Name] = w
	}
	return out
}

// assertPlanFileHasNo looks for value in a saved plan: in the raw file and in every file
// inside it (a plan is a zip archive, so the raw bytes alone are compressed).
func assertPlanFileHasNo(t *testing.T, path, value string) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte(value)) {
		t.Errorf("the saved plan file holds %q", value)
	}
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatalf("the saved plan is not a zip archive: %v", err)
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(content, []byte(value)) {
			t.Errorf("%s inside the saved plan holds the write-only secret", f.Name)
		}
	}
}

// TestAccFaults_interruptStopsPromptly sends terraform apply a Ctrl-C (SIGINT) while
// CallFire is slow to answer a create, and checks that terraform stops within seconds and
// that store and state agree afterwards.
func TestAccFaults_interruptStopsPromptly(t *testing.T) {
	t.Run("before CallFire acted", func(t *testing.T) {
		t.Parallel()
		ts, r, out := interruptedCreate(t, mockcallfire.Fault{Delay: time.Minute})
		if !strings.Contains(out, "cancelled") {
			t.Errorf("the interrupted create does not say it was cancelled:\n%s", out)
		}
		// CallFire never acted on the create, and terraform recorded nothing.
		if n := len(ts.Webhooks()); n != 0 {
			t.Errorf("mock holds %d webhooks after the interrupted create, want 0", n)
		}
		if list := strings.TrimSpace(r.run(true, "state", "list")); list != "" {
			t.Errorf("state holds %q after the interrupted create, want nothing", list)
		}
	})
	t.Run("after CallFire created it", func(t *testing.T) {
		t.Parallel()
		ts, r, _ := interruptedCreate(t, mockcallfire.Fault{Delay: time.Minute, AfterProcessing: true})
		// The webhook exists in CallFire, so it must be in state (tainted), not orphaned.
		hooks := ts.Webhooks()
		if len(hooks) != 1 {
			t.Fatalf("mock holds %d webhooks, want 1", len(hooks))
		}
		if got, want := stateIDs(t, r, "callfire_webhook"), strconv.FormatInt(hooks[0].ID, 10); got != want {
			t.Errorf("state holds webhook ids %q, want %q (the one CallFire created)", got, want)
		}
	})
}

// interruptedCreate starts terraform apply of one webhook, waits until the create reaches
// the mock (which holds it per fault), sends SIGINT and waits for terraform to exit.
func interruptedCreate(t *testing.T, fault mockcallfire.Fault) (*mockcallfire.TestServer, *cliRun, string) {
	t.Helper()
	ts := newTestMock(t)
	r := newCLIRun(t, "CALLFIRE_PASSWORD="+ts.Password())
	r.config(cliProvider(ts, `  request_timeout = "90s"`+"\n") + webhookHCL(requiredWebhookAttrs))
	fault.Method, fault.Path = http.MethodPost, webhookCreatePath
	ts.AddFault(fault)

	cmd := r.command("apply", "-auto-approve")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	deadline := time.Now().Add(60 * time.Second)
	for requestCount(ts, http.MethodPost, webhookCreatePath) == 0 ||
		(fault.AfterProcessing && len(ts.Webhooks()) == 0) {
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("terraform never sent the create:\n%s", out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	interrupted := time.Now()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err == nil {
			t.Errorf("terraform apply succeeded after the interrupt:\n%s", out.String())
		}
		if took := time.Since(interrupted); took > 10*time.Second {
			t.Errorf("terraform took %s to stop after Ctrl-C", took)
		}
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("terraform did not stop within 30s of Ctrl-C:\n%s", out.String())
	}
	return ts, r, out.String()
}

// stateIDs reads the ids of all instances of a resource type from terraform.tfstate.
func stateIDs(t *testing.T, r *cliRun, typ string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(r.dir, "terraform.tfstate"))
	if err != nil {
		t.Fatalf("no state written: %v", err)
	}
	var state struct {
		Resources []struct {
			Type      string `json:"type"`
			Instances []struct {
				Attributes map[string]any `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(raw, &state); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, res := range state.Resources {
		if res.Type != typ {
			continue
		}
		for _, in := range res.Instances {
			ids = append(ids, fmt.Sprint(in.Attributes["id"]))
		}
	}
	return strings.Join(ids, ",")
}
