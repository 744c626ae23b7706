package harvest

import "maillage/internal/store"

// MergeFailedWords say, in place of « réussie » (or « inchangée »), how a
// harvest ended whose import committed but whose merge run failed: the
// registry has the source's records, and may publish duplicates until a
// later run.
func MergeFailedWords(r store.HarvestRun) string {
	done := "réussie"
	if r.Status == store.HarvestUnchanged {
		done = "inchangée"
	}
	return done + ", mais la recherche des doublons a échoué (elle reprendra à la prochaine moisson, au prochain import ou avec « maillage doublons --comparer »)"
}

// MergeFailed reports whether a harvest's import committed (or found
// nothing new) but its merge run failed: it is recorded done (or
// unchanged), with the merge's error.
func MergeFailed(r store.HarvestRun) bool {
	return (r.Status == store.HarvestDone || r.Status == store.HarvestUnchanged) && r.Error != ""
}
