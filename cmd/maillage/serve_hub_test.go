package main

import (
	"bytes"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"maillage/internal/web"
)

// serve's hub identity: flags first, then the environment; what is left
// out takes a default, said at start; what is wrong stops serve.
func TestServeHubFlags(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		env  map[string]string
		want web.Hub
		log  string // in the notice; "" for none
		err  string
	}{
		{"nothing", nil, nil, web.Hub{Nom: web.DefaultHubNom, Territoire: "France", Licence: web.LicenceOuverte}, "identité du hub incomplète", ""},
		{"flags", []string{"--hub-nom", "Hub Gironde", "--hub-siret", "24330031600011", "--hub-territoire", "Gironde", "--hub-contact", "hub@gironde.fr"}, nil,
			web.Hub{Nom: "Hub Gironde", Identifiant: "24330031600011", Territoire: "Gironde", Contact: "hub@gironde.fr", Licence: web.LicenceOuverte}, "", ""},
		{"environment", nil, map[string]string{"MAILLAGE_HUB_NOM": "Hub 31", "MAILLAGE_HUB_SIRET": "W313000001", "MAILLAGE_HUB_TERRITOIRE": "Haute-Garonne", "MAILLAGE_HUB_CONTACT": "a@b.fr"},
			web.Hub{Nom: "Hub 31", Identifiant: "W313000001", Territoire: "Haute-Garonne", Contact: "a@b.fr", Licence: web.LicenceOuverte}, "", ""},
		{"flag over environment", []string{"--hub-siret", "13002526500013"}, map[string]string{"MAILLAGE_HUB_SIRET": "W313000001"},
			web.Hub{Nom: web.DefaultHubNom, Identifiant: "13002526500013", Territoire: "France", Licence: web.LicenceOuverte}, "contact", ""},
		{"bad SIRET", []string{"--hub-siret", "123"}, nil, web.Hub{}, "", "identifiant du hub"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := &env{now: time.Now, getenv: func(k string) string { return tc.env[k] }, stdout: io.Discard, stderr: io.Discard}
			fs := newFlags(e, "serve", "", "")
			f := addHubFlags(fs, e)
			if _, err := parse(fs, tc.args); err != nil {
				t.Fatal(err)
			}
			var logs bytes.Buffer
			got, err := f.hub(slog.New(slog.NewTextHandler(&logs, nil)))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("got %v, want an error about %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
			if (tc.log == "") != (logs.Len() == 0) || !strings.Contains(logs.String(), tc.log) {
				t.Errorf("notice %q, want %q", logs.String(), tc.log)
			}
		})
	}
}
