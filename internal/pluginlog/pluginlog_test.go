package pluginlog

import (
	"os"
	"testing"
)

func TestQuietUnlessCollected(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want map[string]string
	}{
		{
			name: "nothing collected: every logger off",
			env:  map[string]string{},
			want: map[string]string{"TF_LOG_PROVIDER": "OFF", "TF_LOG_SDK": "OFF",
				"TF_LOG_SDK_PROTO": "OFF", "TF_LOG_SDK_FRAMEWORK": "OFF"},
		},
		{
			name: "TF_LOG set: untouched",
			env:  map[string]string{"TF_LOG": "DEBUG"},
			want: map[string]string{"TF_LOG_PROVIDER": "", "TF_LOG_SDK": "",
				"TF_LOG_SDK_PROTO": "", "TF_LOG_SDK_FRAMEWORK": ""},
		},
		{
			name: "TF_LOG_PROVIDER set: untouched",
			env:  map[string]string{"TF_LOG_PROVIDER": "TRACE"},
			want: map[string]string{"TF_LOG_PROVIDER": "TRACE", "TF_LOG_SDK": "",
				"TF_LOG_SDK_PROTO": "", "TF_LOG_SDK_FRAMEWORK": ""},
		},
		{
			name: "an explicit level survives",
			env:  map[string]string{"TF_LOG_SDK_FRAMEWORK": "TRACE"},
			want: map[string]string{"TF_LOG_PROVIDER": "OFF", "TF_LOG_SDK": "OFF",
				"TF_LOG_SDK_PROTO": "OFF", "TF_LOG_SDK_FRAMEWORK": "TRACE"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, name := range append([]string{"TF_LOG"}, levelVars...) {
				t.Setenv(name, tc.env[name])
				if tc.env[name] == "" {
					_ = os.Unsetenv(name)
				}
			}
			QuietUnlessCollected()
			for name, want := range tc.want {
				if got := os.Getenv(name); got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
		})
	}
}
