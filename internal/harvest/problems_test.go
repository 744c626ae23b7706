package harvest

import (
	"strings"
	"testing"

	"maillage/internal/store"
)

// Problems says every setting that keeps a source from being declared,
// once each; Check gives the first.
func TestProblemsTellsEverySetting(t *testing.T) {
	src := store.Source{Name: "a/b", Type: store.SourceTableur, URL: "ftp://x", Interval: 1, Priority: MaxPriority + 1}
	var got []string
	for _, p := range Problems(src) {
		got = append(got, p.Setting)
	}
	want := []string{SettingName, SettingURL, SettingCorrespondence, SettingInterval, SettingPriority}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("settings in error %v, want %v", got, want)
	}
	if err := Check(&src); err == nil || !strings.Contains(err.Error(), "a/b") {
		t.Errorf("Check: %v, want the name's problem first", err)
	}
	ok := store.Source{Name: "ok", Type: store.SourceCoop}
	if ps := Problems(ok); len(ps) != 0 {
		t.Errorf("a valid source: %v", ps)
	}
}
