// Command profiled serves the CallFire provider exactly as the shipped main.go does, with a
// CPU profile and a final heap profile of each provider process written to the directory in
// BENCH_PROFILE_DIR. `bench -profile` builds it in place of the real binary to find out
// where the provider spends its time; it is never shipped.
package main

import (
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"

	"github.com/callfire/terraform-provider-callfire/internal/pluginlog"
	"github.com/callfire/terraform-provider-callfire/internal/pluginserver"
	"github.com/callfire/terraform-provider-callfire/internal/provider"
)

func main() {
	dir := os.Getenv("BENCH_PROFILE_DIR")
	if dir != "" {
		name := filepath.Join(dir, "provider-"+strconv.Itoa(os.Getpid()))
		f, err := os.Create(name + ".cpu.pprof")
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer func() {
			pprof.StopCPUProfile()
			_ = f.Close()
			runtime.GC()
			if h, err := os.Create(name + ".heap.pprof"); err == nil {
				_ = pprof.Lookup("allocs").WriteTo(h, 0)
				_ = h.Close()
			}
		}()
	}
	pluginlog.QuietUnlessCollected()
	err := pluginserver.Serve("registry.terraform.io/callfire/callfire", provider.New("bench", "none"), false)
	if err != nil {
		log.Print(err)
	}
}
