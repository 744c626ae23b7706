package place

import (
	"testing"
	"time"
)

func TestFreshness(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	today := day(2026, 11, 23)
	for _, tc := range []struct {
		dateMaj time.Time
		want    Freshness
		months  int
	}{
		{day(2026, 11, 23), Fresh, 0},
		{day(2025, 11, 24), Fresh, 11},   // a day short of 12 months
		{day(2025, 11, 23), ToCheck, 12}, // 12 months to the day
		{day(2025, 5, 24), ToCheck, 17},
		{day(2025, 5, 23), ToUpdate, 18}, // 18 months to the day
		{day(2019, 1, 1), ToUpdate, 94},
		{time.Time{}, ToUpdate, -1}, // no date: nobody can say it is current
		{day(2027, 1, 1), Fresh, 0}, // a date in the future counts as today
		// 31 August + 12 months is 31 August: the end of months is kept.
		{day(2025, 8, 31), Fresh, 11}, // checked on 2026-08-30
	} {
		now := today
		if tc.dateMaj.Equal(day(2025, 8, 31)) {
			now = day(2026, 8, 30)
		}
		l := Lieu{DateMaj: tc.dateMaj}
		if got := l.Freshness(now); got != tc.want {
			t.Errorf("date_maj %s on %s: %v, want %v", tc.dateMaj.Format(DateLayout), now.Format(DateLayout), got, tc.want)
		}
		if got := MonthsSince(tc.dateMaj, now); got != tc.months {
			t.Errorf("months from %s to %s: %d, want %d", tc.dateMaj.Format(DateLayout), now.Format(DateLayout), got, tc.months)
		}
	}
	for f, want := range map[Freshness][2]string{Fresh: {"a_jour", "à jour"}, ToCheck: {"a_verifier", "à vérifier"}, ToUpdate: {"a_actualiser", "à actualiser"}} {
		if f.Code() != want[0] || f.Label() != want[1] {
			t.Errorf("%d: %q %q, want %v", f, f.Code(), f.Label(), want)
		}
	}
}
