package harvest

import "maillage/internal/store"

// MergeFailedLabel says, in place of « réussie », how a harvest ended
// whose import committed but whose merge run failed: the registry has the
// source's records, and may publish duplicates until a later run.
const MergeFailedLabel = "réussie, mais la recherche des doublons a échoué (elle reprendra à la prochaine moisson, au prochain import ou avec « maillage doublons --comparer »)"

// MergeFailed reports whether a harvest's import committed but its merge
// run failed: it is recorded as done, with the merge's error.
func MergeFailed(r store.HarvestRun) bool {
	return r.Status == store.HarvestDone && r.Error != ""
}
