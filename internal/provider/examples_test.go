package provider

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"
)

// TestExamples_Validate runs `terraform validate` on every directory under examples/ against
// a provider binary built from this checkout. The examples are copied into the generated
// docs, so one that no longer matches the schema would mislead every reader.
func TestExamples_Validate(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 to validate examples/ with the Terraform CLI (make examples-check)")
	}
	tfBin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tfBin == "" {
		var err error
		if tfBin, err = exec.LookPath("terraform"); err != nil {
			t.Fatal("terraform is not on PATH and TF_ACC_TERRAFORM_PATH is unset; " +
				"install Terraform >= 1.11 to validate the examples")
		}
	}

	root := examplesModuleRoot(t)
	dirs := examplesDirs(t, filepath.Join(root, "examples"))
	if len(dirs) == 0 {
		t.Fatalf("no example directories with .tf files under %s", filepath.Join(root, "examples"))
	}

	work := t.TempDir()
	pluginDir := filepath.Join(work, "plugins")
	buildExamplesProvider(t, root, filepath.Join(pluginDir, "terraform-provider-callfire"))

	// dev_overrides makes Terraform use the binary just built, with no init and no registry.
	cliConfig := filepath.Join(work, "terraform.rc")
	writeExampleFile(t, cliConfig, fmt.Sprintf(`provider_installation {
  dev_overrides {
    "callfire/callfire" = %q
  }
  direct {}
}
`, filepath.ToSlash(pluginDir)))

	// Each validate starts Terraform and the provider; more at once than cores only thrashes.
	slots := make(chan struct{}, max(1, runtime.NumCPU()))
	for _, dir := range dirs {
		rel, err := filepath.Rel(root, dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			t.Parallel()
			slots <- struct{}{}
			defer func() { <-slots }()

			validateExample(t, tfBin, cliConfig, dir)
		})
	}
}

var examplesRequiredProvidersRE = regexp.MustCompile(`(?m)^\s*required_providers\s*\{`)

func validateExample(t *testing.T, tfBin, cliConfig, src string) {
	t.Helper()
	dst := t.TempDir()

	hasRequiredProviders := false
	files, err := filepath.Glob(filepath.Join(src, "*.tf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		content, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		hasRequiredProviders = hasRequiredProviders || examplesRequiredProvidersRE.Match(content)
		writeExampleFile(t, filepath.Join(dst, filepath.Base(f)), string(content))
	}
	// Resource and data source examples show only the interesting block; without this,
	// Terraform would look for hashicorp/callfire.
	if !hasRequiredProviders {
		writeExampleFile(t, filepath.Join(dst, "zz_required_providers.tf"), `terraform {
  required_providers {
    callfire = {
      source = "callfire/callfire"
    }
  }
}
`)
	}

	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, tfBin, "validate", "-no-color")
	cmd.Dir = dst
	cmd.Env = append(examplesTerraformEnv(),
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"TF_DATA_DIR="+filepath.Join(dst, ".terraform"),
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
	)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("terraform validate failed for %s: %v\n%s", src, err, out.String())
	}
	if !strings.Contains(out.String(), "The configuration is valid") {
		t.Fatalf("terraform validate for %s did not report a valid configuration:\n%s",
			src, out.String())
	}
}

// examplesTerraformEnv is the test's environment without the variables that would change how
// Terraform finds providers or which arguments it adds.
func examplesTerraformEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case name == "TF_CLI_CONFIG_FILE", name == "TF_DATA_DIR", name == "TF_PLUGIN_CACHE_DIR",
			name == "TF_WORKSPACE", strings.HasPrefix(name, "TF_CLI_ARGS"):
			continue
		}
		env = append(env, kv)
	}
	return env
}

// examplesModuleRoot is the directory holding the provider's go.mod (this package is two below it).
func examplesModuleRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("module root not found at %s: %v", root, err)
	}
	return root
}

// examplesDirs lists the directories under examples/ that hold .tf files, sorted.
func examplesDirs(t *testing.T, examples string) []string {
	t.Helper()
	seen := map[string]bool{}
	err := filepath.WalkDir(examples, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".terraform" {
			return filepath.SkipDir
		}
		if !d.IsDir() && filepath.Ext(p) == ".tf" {
			seen[filepath.Dir(p)] = true
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk %s: %v", examples, err)
	}
	dirs := make([]string, 0, len(seen))
	for d := range seen {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	return dirs
}

func buildExamplesProvider(t *testing.T, root, out string) {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatal("go is not on PATH; it is needed to build the provider for the examples")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, goBin, "build", "-o", out, ".")
	cmd.Dir = root
	if combined, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build of the provider failed: %v\n%s", err, combined)
	}
}

func writeExampleFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
