package main

import (
	"strings"
	"testing"
)

// serve refuses to start, in French, with a hub identity that would be
// published with control characters, bidirectional overrides or line
// breaks, a contact that is neither an e-mail nor an http(s) address, a
// licence that is not a plain http(s) address.
func TestServeHubIdentityRefused(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--hub-nom", "Hub \u202eduS"}, "nom du hub"},
		{[]string{"--hub-territoire", "Gironde\r\nX: y"}, "territoire du hub"},
		{[]string{"--hub-contact", "javascript:alert(1)"}, "contact du hub"},
		{[]string{"--hub-contact", `"a"@b.fr`}, "contact du hub"},
		{[]string{"--hub-licence", `https://exemple.fr/"><script>`}, "licence du hub"},
		{[]string{"--hub-perimetre", "departement:81,pays:FR"}, "--hub-perimetre « departement:81,pays:FR »"},
	} {
		r := runCmd(t, dir, map[string]string{"MAILLAGE_DATABASE_URL": "sqlite:" + dir + "/m.db"}, append([]string{"serve", "--addr", "127.0.0.1:0"}, tt.args...)...)
		if r.code == 0 || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("serve %q: %+v, want an error about %q", tt.args, r, tt.want)
		}
	}
}
