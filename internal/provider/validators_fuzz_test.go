package provider

import (
	"context"
	"net/mail"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/callfire/terraform-provider-callfire/internal/callfire"
)

// The fuzz targets check each attribute validator against the rule its description
// documents: whatever it accepts satisfies the rule (and what the client or CallFire would
// then be given works), it never panics, and its messages never repeat a password that
// was put into a URL. `go test` replays the seeds; `go test -fuzz=FuzzX` explores.

func runStringValidator(v validator.String, s string) diag.Diagnostics {
	resp := &validator.StringResponse{}
	v.ValidateString(context.Background(), validator.StringRequest{
		Path: path.Root("attr"), ConfigValue: types.StringValue(s),
	}, resp)
	return resp.Diagnostics
}

// diagText is every summary and detail, for leak checks.
func diagText(diags diag.Diagnostics) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Summary())
		b.WriteByte('\n')
		b.WriteString(d.Detail())
		b.WriteByte('\n')
	}
	return b.String()
}

// urlPassword is the password of a URL that parses and carries one long enough to look
// for in a message without matching by chance.
func urlPassword(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return ""
	}
	if p, ok := u.User.Password(); ok && len(p) >= 6 {
		return p
	}
	return ""
}

var urlSeeds = []string{
	"https://api.callfire.com/v2", "https://api.callfire.com/api/1.1/rest/",
	"http://127.0.0.1:8080/v2", "http://localhost/v2", "http://[::1]:9/v2",
	"http://api.callfire.com/v2", "ftp://api.callfire.com/v2", "api.callfire.com/v2",
	"https://", "https:///v2", "https://u:secret-pass@api.callfire.com/v2",
	"https://api.callfire.com/v2?x=1", "https://api.callfire.com/v2?", "https://api.callfire.com/v2#f",
	"https://api.callfire.com/v2#", "http://127.0.0.1.evil.com/", "http://0x7f.1/", "HTTPS://API.CALLFIRE.COM/V2",
	"https://[::1", "https://a b/", "https://u:p@[::1/", " https://api.callfire.com/v2", "",
}

func FuzzBaseURLValidator(f *testing.F) {
	for _, s := range urlSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		diags := runStringValidator(baseURLValidator{}, raw)
		if p := urlPassword(raw); p != "" && strings.Contains(diagText(diags), p) {
			t.Fatalf("message repeats the URL's password: %s", diagText(diags))
		}
		if diags.HasError() {
			return
		}
		u, err := url.Parse(raw)
		if err != nil || !u.IsAbs() || u.Host == "" || u.User != nil {
			t.Fatalf("accepted %q, which is not an absolute URL without credentials", raw)
		}
		switch {
		case u.Scheme == "https":
		case u.Scheme == "http" && callfire.IsLoopbackHost(u.Hostname()):
		default:
			t.Fatalf("accepted %q: neither https nor http to a loopback host", raw)
		}
		// What the plan accepts, the client must accept too, or the apply fails late.
		if _, err := callfire.New(callfire.Config{Username: "u", Password: "p",
			V2BaseURL: raw, V1BaseURL: raw}); err != nil {
			t.Fatalf("validator accepted %q but the client refuses it: %v", raw, err)
		}
	})
}

func FuzzDurationValidator(f *testing.F) {
	for _, s := range []string{"30s", "2m", "1h30m", "0s", "-1s", "30", "", "1e3s", "9999999999h",
		"0.5ms", "1µs", "1us", ".s", "+5s"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if runStringValidator(durationValidator{}, raw).HasError() {
			return
		}
		d, err := time.ParseDuration(raw)
		if err != nil || d <= 0 {
			t.Fatalf("accepted %q, which is not a positive duration", raw)
		}
		if _, err := callfire.New(callfire.Config{Username: "u", Password: "p",
			RequestTimeout: d}); err != nil {
			t.Fatalf("validator accepted %q but the client refuses it: %v", raw, err)
		}
	})
}

func FuzzCallbackURL(f *testing.F) {
	for _, s := range urlSeeds {
		f.Add(s)
	}
	f.Add("https://hooks.example.com/callfire?token=abc")
	f.Add("mailto:ops@example.com")
	f.Fuzz(func(t *testing.T, raw string) {
		var failed, warned bool
		var messages strings.Builder
		validateCallbackURL(raw, func(s, d string) {
			failed = true
			messages.WriteString(s + "\n" + d)
		}, func(s, d string) {
			warned = true
			messages.WriteString(s + "\n" + d)
		})
		if p := urlPassword(raw); p != "" && strings.Contains(messages.String(), p) {
			t.Fatalf("message repeats the URL's password: %s", messages.String())
		}
		// The validator the schema uses says the same.
		if diags := runStringValidator(callbackURLValidator{}, raw); diags.HasError() != failed {
			t.Fatalf("callbackURLValidator and validateCallbackURL disagree on %q", raw)
		}
		if failed {
			return
		}
		u, err := url.Parse(raw)
		if err != nil || !u.IsAbs() || u.Host == "" || u.User != nil ||
			(u.Scheme != "https" && u.Scheme != "http") {
			t.Fatalf("accepted %q, which is not an absolute http(s) URL without credentials", raw)
		}
		if warned != (u.Scheme == "http") {
			t.Fatalf("%q: warned=%v, but a warning belongs to http:// and only to it", raw, warned)
		}
		// CallFire (and the mock) refuse a blank callback.
		if strings.TrimSpace(raw) == "" {
			t.Fatalf("accepted a blank callback")
		}
	})
}

func FuzzWebhookResourceValidator(f *testing.F) {
	for _, s := range append(webhookResourceNames(), "callbroadcast", "Fax", "", "CALLBROADCAST",
		"CallBroadcaſt", "OutboundText ") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		diags := runStringValidator(webhookResourceValidator{}, raw)
		_, known := webhookEvents[raw]
		if diags.HasError() == known {
			t.Fatalf("%q: rejected=%v, but it is %v that CallFire has this resource", raw,
				diags.HasError(), known)
		}
		// A spelling hint must name a resource that differs from the input only in case.
		for _, d := range diags {
			if d.Summary() != "Wrong spelling of webhook resource" {
				continue
			}
			canon, ok := canonicalSpelling(raw, webhookResourceNames())
			if !ok || !strings.EqualFold(canon, raw) || !strings.Contains(d.Detail(), `"`+canon+`"`) {
				t.Fatalf("%q: misleading spelling hint %q", raw, d.Detail())
			}
		}
	})
}

func FuzzWebhookEvent(f *testing.F) {
	names := webhookResourceNames()
	f.Add(uint8(0), "Started")
	f.Add(uint8(3), "Finished")
	f.Add(uint8(7), "validationfinished")
	f.Add(uint8(10), "Received")
	f.Add(uint8(1), "")
	f.Fuzz(func(t *testing.T, pick uint8, ev string) {
		res := names[int(pick)%len(names)]
		supported := webhookEvents[res]
		var diags diag.Diagnostics
		validateWebhookEvent(res, ev, supported, &diags)
		ok := false
		for _, s := range supported {
			ok = ok || s == ev
		}
		if diags.HasError() == ok {
			t.Fatalf("%s/%q: rejected=%v, supported=%v", res, ev, diags.HasError(), ok)
		}
	})
}

// isDigits is the reference rule for CallFire's numbers: ASCII digits only.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func FuzzFromNumberValidator(f *testing.F) {
	for _, s := range []string{"12135551100", "67076", "670761", "2135551100", "+12135551100",
		"1213555110O", "", "١٢١٣٥٥٥١١٠٠", "12135551100 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		accepted := !runStringValidator(fromNumberValidator{}, raw).HasError()
		want := isDigits(raw) && (len(raw) == 11 || len(raw) == 5 || len(raw) == 6)
		if accepted != want {
			t.Fatalf("%q: accepted=%v, the documented rule says %v", raw, accepted, want)
		}
	})
}

func FuzzToNumberValidator(f *testing.F) {
	for _, s := range []string{"12135551100", "67076:KEYWORD", "12135551100 67076:STOP",
		"12135551100  12135551101", " 12135551100", "67076:", ":KEY", "6707:KEY", "67076:a:b",
		"12135551100\t12135551101", "", "67076:KEY\u00a012135551100"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		accepted := !runStringValidator(toNumberValidator{}, raw).HasError()
		// Reference: single-space separated items, each 11 digits or code:KEYWORD with a
		// 5-6 digit code and a non-empty keyword.
		want := raw != ""
		for _, item := range strings.Split(raw, " ") {
			code, keyword, isKeyword := strings.Cut(item, ":")
			switch {
			case isKeyword && isDigits(code) && (len(code) == 5 || len(code) == 6) &&
				keyword != "" && !strings.ContainsFunc(keyword, isSpaceRune):
			case !isKeyword && isDigits(item) && len(item) == 11:
			default:
				want = false
			}
		}
		if accepted != want {
			t.Fatalf("%q: accepted=%v, the documented rule says %v", raw, accepted, want)
		}
	})
}

func isSpaceRune(r rune) bool { return strings.TrimSpace(string(r)) == "" }

func FuzzSubscriptionEndpoint(f *testing.F) {
	for _, s := range []string{"https://hooks.example.com/c", "ops@example.com", "ops@localhost",
		"Ops <ops@example.com>", "http://x.example.com", "ops@[127.0.0.1]", "", "a@b.c"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, raw string, email bool) {
		format := "JSON"
		if email {
			format = "EMAIL"
		}
		var diags diag.Diagnostics
		validateSubscriptionEndpoint(types.StringValue(raw), types.StringValue(format), &diags)
		if diags.HasError() {
			return
		}
		if email {
			a, err := mail.ParseAddress(raw)
			if err != nil || a.Address != raw || !strings.Contains(raw[strings.LastIndex(raw, "@"):], ".") {
				t.Fatalf("accepted %q as an e-mail address", raw)
			}
			return
		}
		u, err := url.Parse(raw)
		if err != nil || !u.IsAbs() || u.Host == "" || u.User != nil ||
			(u.Scheme != "https" && u.Scheme != "http") {
			t.Fatalf("accepted %q as a %s endpoint URL", raw, format)
		}
	})
}
